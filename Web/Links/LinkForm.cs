namespace Web.Links;

public sealed class LinkForm
{
    public string? Url { get; set; }

    public string? Code { get; set; }
}
