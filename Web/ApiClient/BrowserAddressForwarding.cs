using ApiContract;

namespace Web.ApiClient;

// The Api limits sign-ins and sign-ups per client address, and it is this server that calls it: each call made while
// serving a browser's request carries that browser's address, with the key the Api trusts it by (ApiContract.WebForwarding).
public sealed class BrowserAddressForwarding(IHttpContextAccessor httpContextAccessor, IConfiguration configuration) : DelegatingHandler
{
    private readonly string? key = configuration[$"{WebForwarding.SectionName}:{WebForwarding.KeyName}"];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove(WebForwarding.ClientAddressHeader);
        request.Headers.Remove(WebForwarding.KeyHeader);
        if (!string.IsNullOrEmpty(key) && httpContextAccessor.HttpContext?.Connection.RemoteIpAddress is { } browser)
        {
            request.Headers.Add(WebForwarding.ClientAddressHeader, browser.ToString());
            request.Headers.Add(WebForwarding.KeyHeader, key);
        }
        return base.SendAsync(request, cancellationToken);
    }
}
