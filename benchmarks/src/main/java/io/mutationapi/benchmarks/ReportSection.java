package io.mutationapi.benchmarks;

import java.util.Locale;
import java.util.Map;

/**
 * A part of the report: the figures, the Markdown written so far, and the formatting the sections
 * share.
 */
abstract class ReportSection {
  final Map<String, Double> f;
  final StringBuilder md;

  ReportSection(Map<String, Double> figures) {
    this.f = figures;
    this.md = new StringBuilder();
  }

  /** A section that writes to the same figures and Markdown as {@code report}. */
  ReportSection(ReportSection report) {
    this.f = report.f;
    this.md = report.md;
  }

  final double get(String key) {
    Double v = f.get(key);
    return v == null ? Double.NaN : v;
  }

  final String pct(String key) {
    return us(get(key + ".p50_us"))
        + " / "
        + us(get(key + ".p99_us"))
        + " / "
        + us(get(key + ".p999_us"));
  }

  final void row(String target, String measured, String baseline, String result, String met) {
    line("| " + target + " | " + measured + " | " + baseline + " | " + result + " | " + met + " |");
  }

  static String met(boolean ok) {
    return ok ? "**met**" : "**missed**";
  }

  static String us(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    return v >= 1000 ? String.format(Locale.ROOT, "%.2f ms", v / 1000) : fmt(v) + " µs";
  }

  static String x(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2fx", v);
  }

  static String bytes(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.0f B", v);
  }

  static String num(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.0f", v);
  }

  static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    if (Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.1f" : "%.2f", v);
  }

  final void line(String s) {
    md.append(s).append('\n');
  }
}
