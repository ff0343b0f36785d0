using System.Collections.Concurrent;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Web.DataProtection;

// The key ring lives in Redis, which is a cache: a restart without persistence empties it, and a web replica
// that starts after that would create a new key its running peers cannot find (their forms then fail on it).
// So every replica remembers each key element it has read or written, answers with them too, and puts back
// whatever Redis lost (KeyRingRestorer, every few seconds).
public sealed class RestoringKeyRepository(IXmlRepository redis) : IXmlRepository
{
    private readonly ConcurrentDictionary<string, XElement> known = new();

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        foreach (var element in redis.GetAllElements())
        {
            known.TryAdd(Identity(element), element);
        }
        return [.. known.Values];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        redis.StoreElement(element, friendlyName);
        known.TryAdd(Identity(element), element);
    }

    // Writes back every remembered element Redis no longer holds; returns how many.
    public int RestoreMissing()
    {
        var stored = redis.GetAllElements().Select(Identity).ToHashSet(StringComparer.Ordinal);
        var missing = known.Where(element => !stored.Contains(element.Key)).Select(element => element.Value).ToList();
        foreach (var element in missing)
        {
            redis.StoreElement(element, friendlyName: "");
        }
        return missing.Count;
    }

    private static string Identity(XElement element) => element.ToString(SaveOptions.DisableFormatting);
}
