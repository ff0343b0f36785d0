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

    // False when the request carries a malformed token; a request without one reads with token null.
    public static bool TryReadConsistencyToken(this HttpRequest request, out ConsistencyToken? token, out Dictionary<string, string[]> errors)
    {
        token = null;
        errors = [];
        var values = request.Headers[ContractHeaders.ConsistencyToken];
        if (values.Count == 0)
        {
            return true;
        }
        if (values.Count == 1 && ConsistencyToken.TryParse(values[0], out var parsed))
        {
            token = parsed;
            return true;
        }
        errors[ContractHeaders.ConsistencyToken] = [InvalidTokenMessage];
        return false;
    }

    public static void SetConsistencyToken(this HttpResponse response, ConsistencyToken token) =>
        response.Headers[ContractHeaders.ConsistencyToken] = token.ToString();

    public static void SetReadSource(this HttpResponse response, ReadSource source) =>
        response.Headers[ContractHeaders.ReadSource] = source.Name();
}
