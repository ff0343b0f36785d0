using Benchmarks.Scenarios;
using ScottPlot;

namespace Benchmarks.Report;

// The report's plots (PNG for the markdown, SVG beside it): latency percentiles per scenario,
// throughput per scenario against the ceiling, and the click queue over the whole run.
public static class Plots
{
    public sealed record Written(string Latency, string Throughput, string QueueDepth);

    public static Written Write(BenchmarkReport report, string directory) => new(
        Save(Latency(report), directory, "latency"),
        Save(Throughput(report), directory, "throughput"),
        Save(QueueDepth(report), directory, "queue-depth"));

    private static Plot Latency(BenchmarkReport report)
    {
        var plot = new Plot();
        var scenarios = report.Scenarios;
        var series = new (string Label, Func<LatencyMilliseconds, double> Value, Color Color)[]
        {
            ("p50", l => l.P50, Colors.SteelBlue),
            ("p90", l => l.P90, Colors.Orange),
            ("p99", l => l.P99, Colors.FireBrick),
        };
        var bars = new List<Bar>();
        for (var i = 0; i < scenarios.Count; i++)
        {
            for (var s = 0; s < series.Length; s++)
            {
                bars.Add(new Bar { Position = i * (series.Length + 1) + s, Value = series[s].Value(scenarios[i].Latency), FillColor = series[s].Color });
            }
        }
        plot.Add.Bars(bars);
        foreach (var (label, _, color) in series)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = label, FillColor = color });
        }
        Label(plot, scenarios.Select(s => s.Name).ToList(), series.Length + 1, offset: 1);
        plot.Title("Latency percentiles per scenario (wrk, 64 connections unless paced)");
        plot.YLabel("milliseconds");
        plot.Axes.Margins(bottom: 0);
        return plot;
    }

    private static Plot Throughput(BenchmarkReport report)
    {
        var plot = new Plot();
        var names = new List<string>();
        var bars = new List<Bar>();
        foreach (var scenario in report.Scenarios.Where(s => s.DelayMilliseconds == 0))
        {
            bars.Add(new Bar { Position = names.Count, Value = scenario.RequestsPerSecond, FillColor = scenario.Name == Names.Ceiling ? Colors.Gray : Colors.SteelBlue });
            names.Add(scenario.Name);
        }
        foreach (var point in report.Scaling)
        {
            bars.Add(new Bar { Position = names.Count, Value = point.RequestsPerSecond, FillColor = Colors.SeaGreen });
            names.Add($"redirect hit, api ×{point.ApiReplicas}");
        }
        plot.Add.Bars(bars);
        Label(plot, names, 1, offset: 0);
        plot.Title("Throughput (requests/s); grey: bare Kestrel ceiling, green: api replicas behind the proxy");
        plot.YLabel("requests per second");
        plot.Axes.Margins(bottom: 0);
        return plot;
    }

    private static Plot QueueDepth(BenchmarkReport report)
    {
        var plot = new Plot();
        var samples = report.Pipeline;
        if (samples.Count > 1)
        {
            var depth = plot.Add.Scatter(samples.Select(s => s.Seconds).ToArray(), samples.Select(s => (double)s.QueueMessages).ToArray());
            depth.LegendText = "messages in the clicks queue";
            depth.MarkerSize = 0;
            // Postgres updates its insert statistics about once a second: the rate is taken over 2 s.
            var rates = samples.Zip(samples.Skip(4), (a, b) => (b.Seconds, Rate: (b.ClicksInserted - a.ClicksInserted) / Math.Max(0.001, b.Seconds - a.Seconds))).ToList();
            var inserted = plot.Add.Scatter(rates.Select(r => r.Seconds).ToArray(), rates.Select(r => Math.Max(0, r.Rate)).ToArray());
            inserted.LegendText = "clicks inserted per second (over 2 s)";
            inserted.MarkerSize = 0;
        }
        foreach (var phase in report.Phases)
        {
            var line = plot.Add.VerticalLine(phase.Seconds);
            line.Color = Colors.Gray.WithAlpha(0.5);
            line.LinePattern = LinePattern.Dotted;
            line.Text = phase.Phase;
            line.LabelRotation = -90;
            line.LabelFontSize = 9;
            line.LabelOppositeAxis = true;
        }
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Title("Click pipeline over the run");
        plot.XLabel("seconds since the stack was up");
        plot.YLabel("messages / rows per second");
        return plot;
    }

    private static void Label(Plot plot, IReadOnlyList<string> names, int stride, int offset)
    {
        var ticks = names.Select((name, i) => new Tick(i * stride + offset, name)).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 170;
    }

    private static string Save(Plot plot, string directory, string name)
    {
        plot.SavePng(Path.Combine(directory, name + ".png"), 1100, 650);
        plot.SaveSvg(Path.Combine(directory, name + ".svg"), 1100, 650);
        return name + ".png";
    }
}
