using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Api.Clicks;

// The salt of each UTC day's visitor hashes. Shared: the random salt every api replica adopted from
// Redis (SharedVisitorSalts). Until a day's shared salt is known (Redis down, or not yet read) the
// replica uses a random salt of its own for that day, kept only in memory: hashes stay unlinkable,
// but the same visitor may then count once per replica. Days before yesterday are forgotten.
public sealed class VisitorSalts
{
    public const int SaltBytes = 32;

    private readonly ConcurrentDictionary<DateOnly, byte[]> shared = new();
    private readonly ConcurrentDictionary<DateOnly, byte[]> ownFallback = new();

    public byte[] SaltOf(DateOnly day) =>
        shared.TryGetValue(day, out var salt) ? salt : ownFallback.GetOrAdd(day, _ => RandomNumberGenerator.GetBytes(SaltBytes));

    public bool HasShared(DateOnly day) => shared.ContainsKey(day);

    public void Adopt(DateOnly day, byte[] salt) => shared[day] = salt;

    public void ForgetBefore(DateOnly day)
    {
        foreach (var held in new[] { shared, ownFallback })
        {
            foreach (var old in held.Keys.Where(d => d < day))
            {
                held.TryRemove(old, out _);
            }
        }
    }
}
