using System.Net;
using System.Text.RegularExpressions;

namespace AppHost.Tests.Infrastructure;

// A browser without JavaScript, at an address of its own in 127.0.0.0/8 (Chromium cannot choose its source address):
// it loads a page of the web for the form's antiforgery token and posts the form, keeping cookies as a browser does.
public sealed partial class FormBrowser(Uri webReplica, IPAddress address) : IDisposable
{
    private readonly HttpClient client = new(SourceAddress.Handler(address))
    {
        BaseAddress = new Uri(webReplica.GetLeftPart(UriPartial.Authority).Replace("localhost", "127.0.0.1", StringComparison.Ordinal)),
    };

    public async Task<(HttpStatusCode Status, string Body, string Location)> PostFormAsync(
        string page, string action, IReadOnlyDictionary<string, string> fields, CancellationToken cancellationToken)
    {
        var html = await client.GetStringAsync(page, cancellationToken);
        var antiforgery = AntiforgeryField().Match(html);
        Assert.True(antiforgery.Success, $"{page} has no antiforgery token.");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(antiforgery.Groups["value"].Value),
        });
        using var response = await client.PostAsync(action, form, cancellationToken);
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(cancellationToken)), response.Headers.Location?.ToString() ?? "");
    }

    // The sign-in form as a browser posts it.
    public Task<(HttpStatusCode Status, string Body, string Location)> SignInAsync(string email, string password, CancellationToken cancellationToken) =>
        PostFormAsync("/sign-in", "/sign-in", new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["Form.Email"] = email,
            ["Form.Password"] = password,
        }, cancellationToken);

    public Task<HttpResponseMessage> GetAsync(string path, CancellationToken cancellationToken) => client.GetAsync(path, cancellationToken);

    public void Dispose() => client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<value>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
