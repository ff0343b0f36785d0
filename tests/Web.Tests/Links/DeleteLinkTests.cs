using System.Net;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Web.Links;
using Web.Tests.Infrastructure;

namespace Web.Tests.Links;

public sealed class DeleteLinkTests : WebTestContext
{
    private const string Docs = """
        { "code": "docs", "shortUrl": "https://sho.rt/docs", "url": "https://example.com/docs",
          "createdAt": "2025-03-01T09:00:00Z", "updatedAt": "2025-03-01T09:00:00Z", "clicks": 42 }
        """;

    public DeleteLinkTests() => SignIn();

    [Fact]
    public void The_confirmation_page_asks_before_deleting_and_deletes_nothing_until_confirmed()
    {
        Api.On(HttpMethod.Get, "/api/links/docs", () => StubApi.Json(Docs));

        var page = RenderDelete("docs");

        page.WaitForAssertion(() => Assert.Contains("This cannot be undone.", page.Find("p").TextContent, StringComparison.Ordinal), Patience);
        Assert.Equal("Delete docs?", page.Find("h1").TextContent);
        Assert.Equal("Delete docs", page.Find("form button[type=submit]").TextContent);
        Assert.Equal("/links/docs", page.Find("form a").GetAttribute("href"));
        Assert.DoesNotContain(Api.Requests, r => r.Method == HttpMethod.Delete);
    }

    [Fact]
    public void Confirming_deletes_the_link_and_goes_back_to_my_links_saying_so()
    {
        Api.On(HttpMethod.Get, "/api/links/docs", () => StubApi.Json(Docs));
        Api.On(HttpMethod.Delete, "/api/links/docs", () => new HttpResponseMessage(HttpStatusCode.NoContent));
        var page = RenderDelete("docs");
        page.WaitForElement("form", Patience);

        page.Find("form").Submit();

        var navigation = Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(() => Assert.Equal("http://localhost/links?deleted=docs", navigation.Uri), Patience);
        Assert.Single(Api.Requests, r => r.Method == HttpMethod.Delete && r.PathAndQuery == "/api/links/docs");
    }

    [Fact]
    public void Confirming_the_delete_of_a_link_the_api_no_longer_has_says_why_and_stays()
    {
        Api.On(HttpMethod.Get, "/api/links/docs", () => StubApi.Json(Docs));
        Api.On(HttpMethod.Delete, "/api/links/docs", () => StubApi.Problem(HttpStatusCode.NotFound, "Short link not found"));
        var page = RenderDelete("docs");
        page.WaitForElement("form", Patience);

        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Equal("Short link not found", page.Find("p.action-error").TextContent.Trim()), Patience);
        Assert.Equal("http://localhost/", Services.GetRequiredService<NavigationManager>().Uri);
    }

    private IRenderedComponent<DeleteLink> RenderDelete(string code) => Render<DeleteLink>(parameters => parameters.Add(p => p.Code, code));
}
