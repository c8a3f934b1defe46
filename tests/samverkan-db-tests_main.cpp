#define BOOST_TEST_MODULE samverkan PostgreSQL tests
#include <boost/test/unit_test.hpp>
