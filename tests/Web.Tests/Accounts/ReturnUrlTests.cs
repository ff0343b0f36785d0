using Web.Accounts;

namespace Web.Tests.Accounts;

public sealed class ReturnUrlTests
{
    [Theory]
    [InlineData("/links")]
    [InlineData("/links/docs?period=7d")]
    [InlineData("/imports/6f1c2a8e-3b4d-4e5f-9a0b-1c2d3e4f5a6b")]
    [InlineData("/links?q=a%2F%2Fb#edit")]
    [InlineData("/")]
    public void A_path_on_this_site_is_kept(string returnUrl)
    {
        Assert.Equal(returnUrl, ReturnUrl.LocalOr(returnUrl, "/fallback"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("//evil.example")]
    [InlineData("//evil.example/links")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example")]
    [InlineData("http://evil.example/links")]
    [InlineData("javascript:alert(1)")]
    [InlineData("links")]
    [InlineData("\\\\evil.example")]
    [InlineData("/links\r\nSet-Cookie: a=b")]
    [InlineData("/\t/evil.example")]
    public void Anything_else_gives_the_fallback(string? returnUrl)
    {
        Assert.Equal("/fallback", ReturnUrl.LocalOr(returnUrl, "/fallback"));
    }
}
