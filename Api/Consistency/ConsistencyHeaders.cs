using ApiContract;
using ReadRouting;

namespace Api.Consistency;

// Read-your-own-writes over HTTP: a write answers with X-Consistency-Token; a read that sends it
// back sees that write (from the replica once it has replayed it, else from the primary). Every read
// answer says in X-Read-Source which server served it.
public static class ConsistencyHeaders
{
    public const string InvalidTokenMessage =
        "X-Consistency-Token is not a token this API returned (a WAL position such as 0/16B3748); send the last one you received, or none.";

    // Not valid when the request carries a malformed token; a request without one reads with token null. A token ahead
    // of the primary is lowered to its position (ConsistencyTokenClamp).
    public static async Task<(bool Valid, ConsistencyToken? Token, Dictionary<string, string[]> Errors)> ReadConsistencyTokenAsync(
        this HttpContext http, CancellationToken cancellationToken)
    {
        var values = http.Request.Headers[ContractHeaders.ConsistencyToken];
        if (values.Count == 0)
        {
            return (true, null, []);
        }
        if (values.Count == 1 && ConsistencyToken.TryParse(values[0], out var parsed))
        {
            var clamped = await http.RequestServices.GetRequiredService<ConsistencyTokenClamp>().ClampAsync(parsed, cancellationToken);
            return (true, clamped, []);
        }
        return (false, null, new() { [ContractHeaders.ConsistencyToken] = [InvalidTokenMessage] });
    }

    public static void SetConsistencyToken(this HttpResponse response, ConsistencyToken token) =>
        response.Headers[ContractHeaders.ConsistencyToken] = token.ToString();

    public static void SetReadSource(this HttpResponse response, ReadSource source) =>
        response.Headers[ContractHeaders.ReadSource] = source.Name();
}
