#include "interlude/core/Metrics.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace interlude::core {

Histogram::Histogram(std::vector<double> upperBounds)
    : bounds_(std::move(upperBounds)),
      counts_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1)) {}

void Histogram::observe(double value) {
  std::size_t bucket = 0;
  while (bucket < bounds_.size() && value > bounds_[bucket]) ++bucket;
  counts_[bucket].fetch_add(1, std::memory_order_relaxed);
  sumMicros_.fetch_add(static_cast<std::uint64_t>(std::llround(value * 1e6)),
                       std::memory_order_relaxed);
}

std::vector<std::uint64_t> Histogram::cumulativeCounts() const {
  std::vector<std::uint64_t> out(bounds_.size() + 1);
  std::uint64_t running = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    running += counts_[i].load(std::memory_order_relaxed);
    out[i] = running;
  }
  return out;
}

double Histogram::sum() const { return static_cast<double>(sumMicros_.load()) / 1e6; }

std::uint64_t Histogram::count() const { return cumulativeCounts().back(); }

MetricsRegistry::Family& MetricsRegistry::family(const std::string& name, const std::string& help,
                                                 Type type) {
  auto [it, inserted] = families_.try_emplace(name, Family{type, help, {}, {}, {}});
  if (!inserted && it->second.type != type) {
    throw std::logic_error("metric " + name + " registered twice with different types");
  }
  return it->second;
}

Counter& MetricsRegistry::counter(const std::string& name, const std::string& help,
                                  const std::string& labels) {
  std::lock_guard lock(mutex_);
  auto& slot = family(name, help, Type::Counter).counters[labels];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

Gauge& MetricsRegistry::gauge(const std::string& name, const std::string& help,
                              const std::string& labels) {
  std::lock_guard lock(mutex_);
  auto& slot = family(name, help, Type::Gauge).gauges[labels];
  if (!slot) slot = std::make_unique<Gauge>();
  return *slot;
}

Histogram& MetricsRegistry::histogram(const std::string& name, const std::string& help,
                                      std::vector<double> upperBounds) {
  std::lock_guard lock(mutex_);
  auto& f = family(name, help, Type::Histogram);
  if (!f.histogram) f.histogram = std::make_unique<Histogram>(std::move(upperBounds));
  return *f.histogram;
}

namespace {
std::string series(const std::string& name, const std::string& labels) {
  return labels.empty() ? name : name + "{" + labels + "}";
}
}  // namespace

std::string labelValue(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string MetricsRegistry::renderPrometheus() const {
  std::lock_guard lock(mutex_);
  std::ostringstream out;
  for (const auto& [name, f] : families_) {
    out << "# HELP " << name << ' ' << f.help << '\n';
    switch (f.type) {
      case Type::Counter:
        out << "# TYPE " << name << " counter\n";
        for (const auto& [labels, c] : f.counters)
          out << series(name, labels) << ' ' << c->value() << '\n';
        break;
      case Type::Gauge:
        out << "# TYPE " << name << " gauge\n";
        for (const auto& [labels, g] : f.gauges)
          out << series(name, labels) << ' ' << g->value() << '\n';
        break;
      case Type::Histogram: {
        out << "# TYPE " << name << " histogram\n";
        const auto counts = f.histogram->cumulativeCounts();
        const auto& bounds = f.histogram->bounds();
        for (std::size_t i = 0; i < bounds.size(); ++i) {
          out << name << "_bucket{le=\"" << bounds[i] << "\"} " << counts[i] << '\n';
        }
        out << name << "_bucket{le=\"+Inf\"} " << counts.back() << '\n';
        out << name << "_sum " << f.histogram->sum() << '\n';
        out << name << "_count " << counts.back() << '\n';
        break;
      }
    }
  }
  return out.str();
}

std::map<std::string, double> MetricsRegistry::snapshot() const {
  std::lock_guard lock(mutex_);
  std::map<std::string, double> out;
  for (const auto& [name, f] : families_) {
    for (const auto& [labels, c] : f.counters)
      out[series(name, labels)] = static_cast<double>(c->value());
    for (const auto& [labels, g] : f.gauges)
      out[series(name, labels)] = static_cast<double>(g->value());
    if (f.histogram) out[name + "_count"] = static_cast<double>(f.histogram->count());
  }
  return out;
}

}  // namespace interlude::core
