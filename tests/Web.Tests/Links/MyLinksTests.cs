using System.Net;
using AngleSharp.Dom;
using Web.ApiClient;
using Web.Links;
using Web.Tests.Infrastructure;

namespace Web.Tests.Links;

public sealed class MyLinksTests : WebTestContext
{
    private const string OneLinkPage = """
        {
          "items": [
            { "code": "docs", "shortUrl": "https://sho.rt/docs", "url": "https://example.com/a/very/long/path/to/the/docs",
              "createdAt": "2025-03-01T09:00:00Z", "updatedAt": "2025-03-01T09:00:00Z", "clicks": 42 },
            { "code": "blog-2025", "shortUrl": "https://sho.rt/blog-2025", "url": "https://blog.example.org/2025/",
              "createdAt": "2025-02-01T09:00:00Z", "updatedAt": "2025-02-03T10:00:00Z", "clicks": 0 }
          ],
          "nextCursor": null
        }
        """;

    public MyLinksTests() => SignIn();

    [Fact]
    public void My_links_says_there_are_none_yet_when_the_api_lists_no_links()
    {
        Api.On(HttpMethod.Get, "/api/links", () => StubApi.Json("""{ "items": [], "nextCursor": null }"""));

        var page = Render<MyLinks>();

        page.WaitForAssertion(() => Assert.Equal("No links yet. Shorten one above.", page.Find("p.empty").TextContent), Patience);
        Assert.Empty(page.FindAll("tr[data-code]"));
    }

    [Fact]
    public void My_links_shows_loading_until_the_api_answers()
    {
        var answer = Api.Pending(HttpMethod.Get, "/api/links");

        var page = Render<MyLinks>();

        page.WaitForAssertion(() => Assert.Equal("Loading your links…", page.Find("p.loading[role=status]").TextContent), Patience);
        Assert.Empty(page.FindAll("tr[data-code]"));

        answer.SetResult(StubApi.Json(OneLinkPage));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tr[data-code]").Count), Patience);
        Assert.Empty(page.FindAll("p.loading"));
    }

    [Fact]
    public void My_links_lists_each_link_with_its_code_target_clicks_and_a_copy_button_for_the_short_url()
    {
        Api.On(HttpMethod.Get, "/api/links", () => StubApi.Json(OneLinkPage));

        var page = Render<MyLinks>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tr[data-code]").Count), Patience);
        var docs = page.Find("tr[data-code=docs]");
        Assert.Equal("docs", docs.QuerySelector("a.short-url")!.TextContent);
        Assert.Equal("/links/docs", docs.QuerySelector("a.short-url")!.GetAttribute("href"));
        Assert.Equal("https://example.com/a/very/long/path/to/the/docs", docs.QuerySelector("td.target")!.TextContent);
        Assert.Equal("42", docs.QuerySelector("td.number")!.TextContent);
        Assert.Equal("https://sho.rt/docs", docs.QuerySelector("button[data-copy]")!.GetAttribute("data-copy"));
        Assert.Equal("Copy https://sho.rt/docs", docs.QuerySelector("button[data-copy]")!.GetAttribute("aria-label"));
        var blog = page.Find("tr[data-code=blog-2025]");
        Assert.Equal("0", blog.QuerySelector("td.number")!.TextContent);
        Assert.Equal("https://sho.rt/blog-2025", blog.QuerySelector("button[data-copy]")!.GetAttribute("data-copy"));
        Assert.Empty(page.FindAll("nav[aria-label=Pages] a"));
    }

    [Fact]
    public void My_links_asks_the_api_as_the_signed_in_user()
    {
        Api.On(HttpMethod.Get, "/api/links", () => StubApi.Json(OneLinkPage));

        var page = Render<MyLinks>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tr[data-code]").Count), Patience);
        var list = Assert.Single(Api.Requests);
        Assert.Equal("/api/links", list.PathAndQuery);
        Assert.Equal($"Bearer {AccessToken}", list.Authorization);
    }

    [Fact]
    public void My_links_offers_older_links_carrying_the_cursor_the_api_returned()
    {
        Api.On(HttpMethod.Get, "/api/links", () => StubApi.Json(OneLinkPage.Replace("\"nextCursor\": null", "\"nextCursor\": \"MjAyNS0wMi0wMQ==/b\"")));

        var page = Render<MyLinks>();

        page.WaitForAssertion(() => Assert.Equal("Older links", page.Find("nav[aria-label=Pages] a").TextContent), Patience);
        Assert.Equal("/links?cursor=MjAyNS0wMi0wMQ%3D%3D%2Fb", page.Find("nav[aria-label=Pages] a").GetAttribute("href"));
    }

    [Fact]
    public void An_older_page_of_a_search_asks_the_api_for_that_search_and_cursor_and_links_back_to_the_first_page()
    {
        Api.On(HttpMethod.Get, "/api/links", () => StubApi.Json(OneLinkPage.Replace("\"nextCursor\": null", "\"nextCursor\": \"c3\"")));
        Visit("/links?q=example%20docs&cursor=c2");

        var page = Render<MyLinks>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("nav[aria-label=Pages] a").Count), Patience);
        Assert.Equal("/api/links?q=example%20docs&cursor=c2", Assert.Single(Api.Requests).PathAndQuery);
        var links = page.FindAll("nav[aria-label=Pages] a").Select(a => (a.TextContent, a.GetAttribute("href"))).ToList();
        Assert.Equal([("First page", "/links?q=example%20docs"), ("Older links", "/links?q=example%20docs&cursor=c3")], links);
        Assert.Equal("example docs", page.Find("#search").GetAttribute("value"));
    }

    [Fact]
    public void A_search_with_no_match_says_nothing_matches_it()
    {
        Api.On(HttpMethod.Get, "/api/links", () => StubApi.Json("""{ "items": [], "nextCursor": null }"""));
        Visit("/links?q=nothing-like-this");

        var page = Render<MyLinks>();

        page.WaitForAssertion(() => Assert.Equal("No links match \"nothing-like-this\".", page.Find("p.empty").TextContent), Patience);
    }

    [Fact]
    public void My_links_shows_the_apis_message_for_the_search_beside_the_search_field()
    {
        Api.On(HttpMethod.Get, "/api/links", () => StubApi.Problem(HttpStatusCode.BadRequest, "One or more validation errors occurred.",
            errors: new Dictionary<string, string[]> { ["q"] = ["q is at most 200 characters, without control characters."] }));
        Visit("/links?q=too-long");

        var page = Render<MyLinks>();

        page.WaitForAssertion(() => Assert.Equal("q is at most 200 characters, without control characters.", page.Find("#search-error").TextContent), Patience);
        Assert.Equal("search-error", page.Find("#search").GetAttribute("aria-describedby"));
    }

    [Fact]
    public void My_links_marks_the_search_field_invalid_when_the_api_rejects_the_search()
    {
        Api.On(HttpMethod.Get, "/api/links", () => StubApi.Problem(HttpStatusCode.BadRequest, "One or more validation errors occurred.",
            errors: new Dictionary<string, string[]> { ["q"] = ["q is at most 200 characters, without control characters."] }));
        Visit("/links?q=too-long");

        var page = Render<MyLinks>();

        page.WaitForElement("#search-error", Patience);
        Assert.Equal("true", page.Find("#search").GetAttribute("aria-invalid"));
    }

    [Fact]
    public void My_links_says_the_service_is_not_answering_when_the_api_cannot_be_reached()
    {
        Api.Unreachable(HttpMethod.Get, "/api/links");

        var page = Render<MyLinks>();

        page.WaitForAssertion(() => Assert.Equal(ApiProblem.Unreachable.Title, page.Find("p.action-error[role=alert]").TextContent.Trim()), Patience);
        Assert.Empty(page.FindAll("p.loading"));
        Assert.Empty(page.FindAll("p.empty"));
    }

    [Fact]
    public void My_links_offers_to_sign_in_again_when_the_api_says_the_sign_in_has_expired()
    {
        Api.On(HttpMethod.Get, "/api/links", () => StubApi.Problem(HttpStatusCode.Unauthorized, "Unauthorized"));

        var page = Render<MyLinks>();

        page.WaitForAssertion(() => Assert.Equal("Your sign-in has expired. Sign in again.", page.Find("p.action-error").TextContent.Trim()), Patience);
        Assert.Equal("/sign-in", page.Find("p.action-error a").GetAttribute("href"));
    }

    [Fact]
    public void My_links_shows_the_apis_field_message_beside_the_url()
    {
        Api.On(HttpMethod.Get, "/api/links", () => StubApi.Json("""{ "items": [], "nextCursor": null }"""));
        Api.On(HttpMethod.Post, "/api/links", () => StubApi.Problem(HttpStatusCode.BadRequest, "One or more validation errors occurred.",
            errors: new Dictionary<string, string[]> { ["url"] = ["The URL must start with http:// or https:// followed by the host name."] }));
        var page = Render<MyLinks>();
        page.WaitForElement("p.empty", Patience);

        page.Find("#url").Change("ftp://example.com/file");
        CreateLinkForm(page).Submit();

        page.WaitForAssertion(() => Assert.Equal("The URL must start with http:// or https:// followed by the host name.", page.Find("#url-error").TextContent), Patience);
        Assert.Equal("url-error", page.Find("#url").GetAttribute("aria-describedby"));
        Assert.Empty(page.FindAll("#code-error"));
        // The button's summary only points at the field; the message itself is not repeated there.
        Assert.Equal("Check the fields marked above.", CreateLinkForm(page).QuerySelector("p.action-error")!.TextContent.Trim());
        var create = Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post);
        Assert.Equal("""{"url":"ftp://example.com/file","title":null,"tags":[],"validSince":null,"validUntil":null,"maxVisits":null,"forwardQuery":true,"code":null}""", create.Body);
    }

    [Fact]
    public void My_links_shows_a_taken_code_beside_the_code_field()
    {
        Api.On(HttpMethod.Get, "/api/links", () => StubApi.Json("""{ "items": [], "nextCursor": null }"""));
        Api.On(HttpMethod.Post, "/api/links", () => StubApi.Problem(HttpStatusCode.Conflict, "Short code already taken",
            "The code 'docs' is taken (codes of deleted links are never reused). Choose another code or leave it out to get a generated one."));
        var page = Render<MyLinks>();
        page.WaitForElement("p.empty", Patience);

        page.Find("#url").Change("https://example.com/");
        page.Find("#code").Change(" docs ");
        CreateLinkForm(page).Submit();

        page.WaitForAssertion(() => Assert.StartsWith("The code 'docs' is taken", page.Find("#code-error").TextContent), Patience);
        Assert.Empty(page.FindAll("#url-error"));
        Assert.Empty(CreateLinkForm(page).QuerySelectorAll("p.action-error"));
        Assert.Equal("""{"url":"https://example.com/","title":null,"tags":[],"validSince":null,"validUntil":null,"maxVisits":null,"forwardQuery":true,"code":"docs"}""", Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post).Body);
    }

    [Fact]
    public void Creating_a_link_while_the_api_cannot_be_reached_says_so_beside_the_button()
    {
        Api.On(HttpMethod.Get, "/api/links", () => StubApi.Json("""{ "items": [], "nextCursor": null }"""));
        Api.Unreachable(HttpMethod.Post, "/api/links");
        var page = Render<MyLinks>();
        page.WaitForElement("p.empty", Patience);

        page.Find("#url").Change("https://example.com/");
        CreateLinkForm(page).Submit();

        page.WaitForAssertion(() => Assert.Equal(ApiProblem.Unreachable.Title, CreateLinkForm(page).QuerySelector("p.action-error")!.TextContent.Trim()), Patience);
        Assert.Empty(page.FindAll("#url-error"));
        Assert.NotEqual("true", page.Find("#url").GetAttribute("aria-invalid"));
    }

    [Fact]
    public void Creating_a_link_announces_its_short_url_clears_the_form_and_lists_it()
    {
        var listed = false;
        Api.On(HttpMethod.Get, "/api/links", () => StubApi.Json(listed ? OneLinkPage : """{ "items": [], "nextCursor": null }"""));
        Api.On(HttpMethod.Post, "/api/links", () =>
        {
            listed = true;
            return StubApi.Json("""
                { "code": "docs", "shortUrl": "https://sho.rt/docs", "url": "https://example.com/a/very/long/path/to/the/docs",
                  "createdAt": "2025-03-10T14:25:00Z", "updatedAt": "2025-03-10T14:25:00Z", "clicks": 0 }
                """, HttpStatusCode.Created);
        });
        var page = Render<MyLinks>();
        page.WaitForElement("p.empty", Patience);

        page.Find("#url").Change("https://example.com/a/very/long/path/to/the/docs");
        CreateLinkForm(page).Submit();

        page.WaitForAssertion(() => Assert.Equal("Created https://sho.rt/docs", page.Find("p.notice[role=status]").TextContent), Patience);
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tr[data-code]").Count), Patience);
        Assert.Equal("", page.Find("#url").GetAttribute("value") ?? "");
    }

    [Fact]
    public void My_links_marks_the_url_field_invalid_when_the_api_rejects_the_url()
    {
        Api.On(HttpMethod.Get, "/api/links", () => StubApi.Json("""{ "items": [], "nextCursor": null }"""));
        Api.On(HttpMethod.Post, "/api/links", () => StubApi.Problem(HttpStatusCode.BadRequest, "One or more validation errors occurred.",
            errors: new Dictionary<string, string[]> { ["url"] = ["The URL must start with http:// or https:// followed by the host name."] }));
        var page = Render<MyLinks>();
        page.WaitForElement("p.empty", Patience);

        page.Find("#url").Change("ftp://example.com/file");
        CreateLinkForm(page).Submit();

        page.WaitForElement("#url-error", Patience);
        Assert.Equal("true", page.Find("#url").GetAttribute("aria-invalid"));
        Assert.NotEqual("true", page.Find("#code").GetAttribute("aria-invalid"));
    }

    private static IElement CreateLinkForm(IRenderedComponent<MyLinks> page) => page.Find("#url").Closest("form")!;
}
