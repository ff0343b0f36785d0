namespace Benchmarks.Seeding;

// Draws ranks 0..n-1 with probability proportional to 1/(rank+1)^exponent: a few links take most of
// the clicks and a long tail is clicked now and then, as on any link shortener.
public static class ZipfSample
{
    public static int[] Draw(int n, double exponent, int count, int seed)
    {
        var cumulative = new double[n];
        var total = 0.0;
        for (var rank = 0; rank < n; rank++)
        {
            total += 1.0 / Math.Pow(rank + 1, exponent);
            cumulative[rank] = total;
        }
        var random = new Random(seed);
        var draws = new int[count];
        for (var i = 0; i < count; i++)
        {
            var index = Array.BinarySearch(cumulative, random.NextDouble() * total);
            draws[i] = Math.Min(index < 0 ? ~index : index, n - 1);
        }
        return draws;
    }
}
