using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Api.Diagnostics;
using Microsoft.Extensions.Options;

namespace Api.Redirects;

// This api replica's copy of the Redis entries it served last, so a hit on a hot code costs no Redis
// round trip. Bounded twice: at most L1MaxEntries codes, and at most L1MaxTargetBytes of codes and
// targets held (UTF-16); the oldest entries go first (insertion order). Only entries that redirect
// are held (unknown and deleted codes stay in Redis), and only once hot: a code enters on its second
// Redis hit at the same version on this replica, so one-off redirects (a scan, a link clicked once)
// never push hot codes out, and a code's first redirect after a change still reads Redis. Each entry keeps its row's version, so an older
// entry never replaces a newer one, and every change and clear bumps the generation, so a fill read
// from Redis before a change is dropped if the change's notification arrived meanwhile.
// RedirectChangeNotifications keeps it coherent; RedirectResolver reads it only while that says so.
public sealed class RedirectL1Cache
{
    private readonly int maxEntries;
    private readonly long maxTargetBytes;
    private readonly ConcurrentDictionary<string, RedirectEntry> entries = new(StringComparer.Ordinal);
    private readonly Queue<KeyValuePair<string, RedirectEntry>> insertionOrder = new();
    // code -> version: codes Redis answered once. Without the lock (every Redis hit passes here); its count is kept
    // apart because ConcurrentDictionary.Count takes every internal lock.
    private readonly ConcurrentDictionary<string, long> seenOnce = new(StringComparer.Ordinal);
    private int seenOnceCount;
    private readonly Lock gate = new();
    private long generation;
    private long heldBytes;

    public RedirectL1Cache(IOptions<RedirectCacheOptions> options, ApiMetrics metrics)
    {
        maxEntries = options.Value.L1MaxEntries;
        maxTargetBytes = options.Value.L1MaxTargetBytes;
        metrics.ObserveRedirectL1(() => Count, () => HeldBytes);
    }

    public int Count => entries.Count;

    public long HeldBytes => Interlocked.Read(ref heldBytes);

    // Read before the Redis lookup whose answer may be added.
    public long Generation => Interlocked.Read(ref generation);

    public bool TryGet(string code, [NotNullWhen(true)] out RedirectEntry? entry) => entries.TryGetValue(code, out entry);

    // An entry Redis answered on a redirect: added on its second sighting (see TryAdd).
    public bool Offer(string code, RedirectEntry entry, long seenGeneration)
    {
        if (entry.Target is null)
        {
            return false;
        }
        if (seenOnce.TryRemove(code, out var version))
        {
            Interlocked.Decrement(ref seenOnceCount);
            if (version == entry.Version)
            {
                return TryAdd(code, entry, seenGeneration);
            }
        }
        if (Interlocked.Increment(ref seenOnceCount) > maxEntries)
        {
            ClearSeenOnce();
        }
        if (seenOnce.TryAdd(code, entry.Version))
        {
            return false;
        }
        Interlocked.Decrement(ref seenOnceCount); // another request for the code got there first
        return false;
    }

    // An entry Redis answered, unless anything was invalidated or cleared since seenGeneration was read
    // (the change may be this code's, newer than the answer), or a same or newer version is held.
    public bool TryAdd(string code, RedirectEntry entry, long seenGeneration)
    {
        if (entry.Target is null || Size(code, entry) > maxTargetBytes)
        {
            return false;
        }
        lock (gate)
        {
            if (generation != seenGeneration)
            {
                return false;
            }
            if (entries.TryGetValue(code, out var held))
            {
                if (held.Version >= entry.Version)
                {
                    return false;
                }
                Remove(code, held);
            }
            entries[code] = entry;
            Interlocked.Add(ref heldBytes, Size(code, entry));
            insertionOrder.Enqueue(KeyValuePair.Create(code, entry));
            while (entries.Count > maxEntries || heldBytes > maxTargetBytes)
            {
                var oldest = insertionOrder.Dequeue();
                if (entries.TryGetValue(oldest.Key, out var current) && ReferenceEquals(current, oldest.Value))
                {
                    Remove(oldest.Key, current);
                }
            }
            if (insertionOrder.Count > 2 * Math.Max(entries.Count, 16))
            {
                DropReplacedFromInsertionOrder();
            }
            return true;
        }
    }

    // A change to code reached Redis at version: drop what is held for it if older.
    public void Invalidate(string code, long version)
    {
        lock (gate)
        {
            generation++;
            if (entries.TryGetValue(code, out var held) && held.Version < version)
            {
                Remove(code, held);
            }
        }
    }

    // Changes may have been missed: nothing held can be trusted.
    public void Clear()
    {
        lock (gate)
        {
            generation++;
            entries.Clear();
            insertionOrder.Clear();
            ClearSeenOnce();
            Interlocked.Exchange(ref heldBytes, 0);
        }
    }

    // Approximate under concurrent offers (a count may be off by the offers in flight); it only bounds the memory.
    private void ClearSeenOnce()
    {
        seenOnce.Clear();
        Interlocked.Exchange(ref seenOnceCount, 0);
    }

    private void Remove(string code, RedirectEntry held)
    {
        entries.TryRemove(code, out _);
        Interlocked.Add(ref heldBytes, -Size(code, held));
    }

    // Replaced and invalidated entries leave their place in the queue behind; without this a few hot
    // codes edited again and again would grow it without bound.
    private void DropReplacedFromInsertionOrder()
    {
        var current = insertionOrder.Where(e => entries.TryGetValue(e.Key, out var held) && ReferenceEquals(held, e.Value)).ToList();
        insertionOrder.Clear();
        foreach (var entry in current)
        {
            insertionOrder.Enqueue(entry);
        }
    }

    private static long Size(string code, RedirectEntry entry) => (code.Length + (entry.Target?.Length ?? 0)) * sizeof(char);
}
