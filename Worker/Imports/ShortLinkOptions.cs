namespace Worker.Imports;

// Configuration section "ShortLinks", as the Api has it: imported targets may not point back at it.
public sealed class ShortLinkOptions
{
    public const string SectionName = "ShortLinks";

    public string BaseUrl { get; set; } = "";

    public Uri BaseUri => new(BaseUrl.EndsWith('/') ? BaseUrl : BaseUrl + "/");
}
