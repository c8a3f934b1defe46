#define BOOST_TEST_MODULE samverkan adapter tests
#include <boost/test/unit_test.hpp>
