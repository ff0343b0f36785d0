using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Api.Operators;

// Lets a request through only with X-Operator-Key equal to Operator:Key (compared in constant time);
// anything else is a 401 that says nothing about the key.
public sealed class OperatorKeyFilter(IOptions<OperatorOptions> options) : IEndpointFilter
{
    private readonly byte[]? keyHash = options.Value.Key is { Length: > 0 } key ? SHA256.HashData(Encoding.UTF8.GetBytes(key)) : null;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var headers = context.HttpContext.Request.Headers;
        var allowed = keyHash is not null
            && headers.TryGetValue(OperatorOptions.KeyHeader, out var sent) && sent.Count == 1
            && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(sent[0] ?? "")), keyHash);
        return allowed
            ? await next(context)
            : TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Operator key required", detail: $"Send the operator key in {OperatorOptions.KeyHeader}.");
    }
}
