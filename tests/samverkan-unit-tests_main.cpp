#define BOOST_TEST_MODULE samverkan unit tests
#include <boost/test/unit_test.hpp>
