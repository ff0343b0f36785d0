namespace Benchmarks.Seeding;

// How much data the run seeds and how many requests its path files hold.
public sealed record SeedPlan(int PopularLinks, int ColdLinks, int ZipfDraws, int UnknownCodes, int ImportRows)
{
    public static readonly SeedPlan Full = new(PopularLinks: 100_000, ColdLinks: 400_000, ZipfDraws: 400_000, UnknownCodes: 1_000, ImportRows: 10_000);

    public static readonly SeedPlan Smoke = new(PopularLinks: 2_000, ColdLinks: 20_000, ZipfDraws: 10_000, UnknownCodes: 100, ImportRows: 200);

    public const double ZipfExponent = 1.0;

    public const string PopularPrefix = "hot";

    public static string PopularCode(int rank) => $"{PopularPrefix}{rank:D6}";

    public static string ColdCode(int index) => $"cold{index:D7}";

    // Where each seeded link points.
    public static string Target(string code) => $"https://bench.example/{code}";
}
