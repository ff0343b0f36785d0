using System.ComponentModel.DataAnnotations;

namespace Links;

// Configuration section "ShortLinks". BaseUrl is the public address redirects are served on; the
// AppHost sets it to the api's own endpoint.
public sealed class ShortLinkOptions
{
    public const string SectionName = "ShortLinks";

    [Required]
    [Url]
    public string BaseUrl { get; set; } = "";

    // Target hosts refused at create, edit and import, each with its subdomains (Links/BlockedHosts.cs). The Api and the
    // Worker (imports) must both have it.
    public string[] BlockedHosts { get; set; } = [];

    public Uri BaseUri => new(BaseUrl.EndsWith('/') ? BaseUrl : BaseUrl + "/");

    public string ShortUrl(string code) => new Uri(BaseUri, Uri.EscapeDataString(code)).AbsoluteUri;
}
