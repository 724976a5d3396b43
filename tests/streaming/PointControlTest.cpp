#include <boost/test/unit_test.hpp>
#include <stdexcept>

#include "points/PointControls.h"

using namespace interlude::streaming::points;

BOOST_AUTO_TEST_SUITE(point_control)

BOOST_AUTO_TEST_CASE(start_runs_begin_while_starting_then_is_started) {
  PointControl control(PointState::Stopped);
  PointState during = PointState::Stopped;
  BOOST_TEST((control.start([&] { during = control.state(); }) == PointState::Started));
  BOOST_TEST((during == PointState::Starting));
  BOOST_TEST((control.state() == PointState::Started));
}

BOOST_AUTO_TEST_CASE(stop_runs_end_while_stopping_then_is_stopped) {
  PointControl control(PointState::Started);
  PointState during = PointState::Started;
  BOOST_TEST((control.stop([&] { during = control.state(); }) == PointState::Stopped));
  BOOST_TEST((during == PointState::Stopping));
  BOOST_TEST((control.state() == PointState::Stopped));
}

BOOST_AUTO_TEST_CASE(a_failed_begin_leaves_the_point_stopped) {
  PointControl control(PointState::Stopped);
  BOOST_CHECK_THROW(control.start([] { throw std::runtime_error("no such interface"); }),
                    std::runtime_error);
  BOOST_TEST((control.state() == PointState::Stopped));
}

BOOST_AUTO_TEST_CASE(start_of_a_started_point_and_stop_of_a_stopped_one_change_nothing) {
  PointControl started(PointState::Started);
  int calls = 0;
  BOOST_TEST((started.start([&] { ++calls; }) == PointState::Started));
  PointControl stopped(PointState::Stopped);
  BOOST_TEST((stopped.stop([&] { ++calls; }) == PointState::Stopped));
  BOOST_TEST(calls == 0);
}

BOOST_AUTO_TEST_CASE(controls_keep_a_point_state_by_name) {
  PointControls controls;
  auto [first, fresh] = controls.of("live");
  BOOST_TEST(fresh);
  BOOST_TEST((first->state() == PointState::Stopped));
  first->start([] {});
  auto [again, freshAgain] = controls.of("live");
  BOOST_TEST(!freshAgain);
  BOOST_TEST(again == first);
  BOOST_TEST((again->state() == PointState::Started));
  BOOST_TEST(controls.of("other").second);
}

BOOST_AUTO_TEST_SUITE_END()
