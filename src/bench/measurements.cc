#include "suanli/measurements.h"

#include <fmt/format.h>

#include <cmath>

#include "catalog/field_reader.h"
#include "catalog/toml_document.h"

namespace suanli {
namespace {

// A TOML float that reads back to the same double (always with '.' or an exponent).
std::string toml_float(double x) {
  std::string text = fmt::format("{:.17g}", x);
  if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
  return text;
}

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

void append_gemm(std::string& out, const GemmMeasurement& g) {
  out += fmt::format(
      "\n[[gemm]]\nm = {}\nn = {}\nk = {}\nprecision = \"{}\"\nmin_s = {}\nmedian_s = {}\n"
      "repeats = {}\n",
      g.m, g.n, g.k, to_string(g.precision), toml_float(g.min_s), toml_float(g.median_s),
      g.repeats);
}

void append_bandwidth(std::string& out, const BandwidthMeasurement& b) {
  out += fmt::format(
      "\n[[bandwidth]]\nkernel = {}\nbytes = {}\nmin_s = {}\nmedian_s = {}\nrepeats = {}\n"
      "threads = {}\n",
      quoted(b.kernel), toml_float(b.bytes), toml_float(b.min_s), toml_float(b.median_s), b.repeats,
      b.threads);
}

void append_collective(std::string& out, const CollectiveMeasurement& c) {
  out += fmt::format(
      "\n[[collective]]\nop = {}\nranks = {}\nbytes = {}\nmin_s = {}\nmedian_s = {}\n"
      "repeats = {}\n",
      quoted(c.op), c.ranks, toml_float(c.bytes), toml_float(c.min_s), toml_float(c.median_s),
      c.repeats);
}

// Reads min_s, median_s (median >= min) and repeats into the given fields.
void read_times(FieldReader& r, double& min_s, double& median_s, int& repeats) {
  min_s = r.required_positive("min_s");
  median_s = r.required_positive("median_s");
  repeats = static_cast<int>(r.required_int("repeats", 1));
  if (r.ok() && median_s < min_s) r.fail("median_s", "expected median_s >= min_s");
}

Status read_gemm(const toml::table& t, const std::string& source, size_t i,
                 std::vector<GemmMeasurement>& out) {
  FieldReader r(t, source, fmt::format("gemm[{}]", i));
  GemmMeasurement g;
  g.m = r.required_int("m", 1);
  g.n = r.required_int("n", 1);
  g.k = r.required_int("k", 1);
  const std::string precision = r.required_string("precision");
  if (r.ok()) {
    std::optional<Precision> p = parse_precision(precision);
    if (!p) r.fail("precision", "expected a precision id such as \"fp32\" or \"bf16\"");
    g.precision = p.value_or(Precision::fp32);
  }
  read_times(r, g.min_s, g.median_s, g.repeats);
  out.push_back(g);
  return r.finish();
}

Status read_bandwidth(const toml::table& t, const std::string& source, size_t i,
                      std::vector<BandwidthMeasurement>& out) {
  FieldReader r(t, source, fmt::format("bandwidth[{}]", i));
  BandwidthMeasurement b;
  b.kernel = r.required_string("kernel");
  if (r.ok() && b.kernel != "read" && b.kernel != "write" && b.kernel != "copy" &&
      b.kernel != "triad") {
    r.fail("kernel", "expected \"read\", \"write\", \"copy\" or \"triad\"");
  }
  b.bytes = r.required_positive("bytes");
  read_times(r, b.min_s, b.median_s, b.repeats);
  b.threads = static_cast<int>(r.required_int("threads", 0));
  out.push_back(b);
  return r.finish();
}

Status read_collective(const toml::table& t, const std::string& source, size_t i,
                       std::vector<CollectiveMeasurement>& out) {
  FieldReader r(t, source, fmt::format("collective[{}]", i));
  CollectiveMeasurement c;
  c.op = r.required_string("op");
  c.ranks = static_cast<int>(r.required_int("ranks", 2));
  c.bytes = r.required_positive("bytes");
  read_times(r, c.min_s, c.median_s, c.repeats);
  out.push_back(c);
  return r.finish();
}

}  // namespace

std::string measurements_to_toml(const Measurements& m) {
  std::string out = fmt::format(
      "# Raw measurements of `suanli bench` (see docs/bench.md). Times are seconds per call.\n"
      "device = {}\nname = {}\ndate = {}\n",
      quoted(m.device), quoted(m.name), quoted(m.date));
  for (const GemmMeasurement& g : m.gemm) append_gemm(out, g);
  for (const BandwidthMeasurement& b : m.bandwidth) append_bandwidth(out, b);
  for (const CollectiveMeasurement& c : m.collective) append_collective(out, c);
  return out;
}

Result<Measurements> parse_measurements(std::string_view toml_text, const std::string& source) {
  Result<toml::table> doc = parse_toml(toml_text, source);
  if (!doc.ok()) return doc.error();
  FieldReader r(*doc, source);
  Measurements m;
  m.device = r.required_string("device");
  m.name = r.required_string("name");
  m.date = r.required_string("date");
  const std::vector<const toml::table*> gemm = r.table_array("gemm");
  const std::vector<const toml::table*> bandwidth = r.table_array("bandwidth");
  const std::vector<const toml::table*> collective = r.table_array("collective");
  for (size_t i = 0; i < gemm.size() && r.ok(); ++i) {
    r.absorb(read_gemm(*gemm[i], source, i, m.gemm));
  }
  for (size_t i = 0; i < bandwidth.size() && r.ok(); ++i) {
    r.absorb(read_bandwidth(*bandwidth[i], source, i, m.bandwidth));
  }
  for (size_t i = 0; i < collective.size() && r.ok(); ++i) {
    r.absorb(read_collective(*collective[i], source, i, m.collective));
  }
  if (Status done = r.finish(); !done.ok()) return done.error();
  return m;
}

}  // namespace suanli
