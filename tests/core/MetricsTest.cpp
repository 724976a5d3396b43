#include <boost/test/unit_test.hpp>

#include "interlude/core/Metrics.h"

using namespace interlude::core;

BOOST_AUTO_TEST_SUITE(metrics)

BOOST_AUTO_TEST_CASE(same_name_same_metric) {
  MetricsRegistry registry;
  registry.counter("x_total", "help").add(2);
  registry.counter("x_total", "help").add(3);
  BOOST_TEST(registry.counter("x_total", "help").value() == 5u);
  BOOST_CHECK_THROW(registry.gauge("x_total", "help"), std::logic_error);
}

BOOST_AUTO_TEST_CASE(prometheus_text) {
  MetricsRegistry registry;
  registry.counter("req_total", "Requests", "class=\"2xx\"").add(7);
  registry.gauge("inflight", "In flight").add(3);
  auto& h = registry.histogram("lat_seconds", "Latency", {0.1, 1});
  h.observe(0.05);
  h.observe(0.5);
  h.observe(5);
  const auto text = registry.renderPrometheus();
  BOOST_TEST(text.find("# TYPE req_total counter\nreq_total{class=\"2xx\"} 7\n") !=
             std::string::npos);
  BOOST_TEST(text.find("inflight 3\n") != std::string::npos);
  BOOST_TEST(text.find("lat_seconds_bucket{le=\"0.1\"} 1\n") != std::string::npos);
  BOOST_TEST(text.find("lat_seconds_bucket{le=\"1\"} 2\n") != std::string::npos);
  BOOST_TEST(text.find("lat_seconds_bucket{le=\"+Inf\"} 3\n") != std::string::npos);
  BOOST_TEST(text.find("lat_seconds_count 3\n") != std::string::npos);
  BOOST_TEST(text.find("lat_seconds_sum 5.55\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(label_values_are_escaped) {
  BOOST_TEST(labelValue("plain-name_1") == "plain-name_1");
  BOOST_TEST(labelValue("a\"b\\c\nd") == "a\\\"b\\\\c\\nd");
  MetricsRegistry metrics;
  metrics.counter("picks_total", "Picks", "slot=\"" + labelValue("x\"} 9\nfake 1") + "\"").add();
  BOOST_TEST(metrics.renderPrometheus().find("picks_total{slot=\"x\\\"} 9\\nfake 1\"} 1\n") !=
             std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
