using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Web.ApiClient;
using Web.Imports;
using Web.Tests.Infrastructure;

namespace Web.Tests.Imports;

public sealed class ImportProgressTests : WebTestContext
{
    private static readonly Guid ImportId = Guid.Parse("6f1c2a8e-3b4d-4e5f-9a0b-1c2d3e4f5a6b");
    private static readonly string ImportPath = $"/api/imports/{ImportId}";

    public ImportProgressTests() => SignIn();

    [Fact]
    public void Import_progress_shows_loading_until_the_api_answers()
    {
        var answer = Api.Pending(HttpMethod.Get, ImportPath);

        var page = RenderImport();

        page.WaitForAssertion(() => Assert.Equal("Loading the import…", page.Find("p.loading[role=status]").TextContent), Patience);

        answer.SetResult(Status("completed", total: 2, succeeded: 2, failed: 0));

        page.WaitForAssertion(() => Assert.Equal("completed", page.Find("[data-testid=import-status]").TextContent), Patience);
    }

    [Fact]
    public void A_finished_import_with_row_errors_lists_each_row_and_its_message()
    {
        Api.On(HttpMethod.Get, ImportPath, () => Status("completed", total: 3, succeeded: 1, failed: 2,
            new ImportRowError(2, "The URL must start with http:// or https:// followed by the host name."),
            new ImportRowError(4, "The code 'docs' is taken.")));

        var page = RenderImport();

        page.WaitForAssertion(() => Assert.Equal("Rows with errors", page.Find("h2").TextContent), Patience);
        var rows = page.FindAll("table tbody tr").Select(row => row.QuerySelectorAll("td").Select(cell => cell.TextContent).ToArray()).ToList();
        Assert.Equal(
            [["2", "The URL must start with http:// or https:// followed by the host name."], ["4", "The code 'docs' is taken."]],
            rows);
        Assert.Equal("completed: 3 of 3 rows done, 1 created, 2 with errors.", Normalized(page.Find("p[role=status]").TextContent));
        Assert.Equal("3", page.Find("progress").GetAttribute("value"));
        Assert.Equal("/links", page.Find("a[href='/links']").GetAttribute("href"));
        Assert.Single(Api.Requests);
        Assert.Equal($"Bearer {AccessToken}", Api.Requests[0].Authorization);
    }

    [Fact]
    public void A_finished_import_without_row_errors_shows_no_error_table()
    {
        Api.On(HttpMethod.Get, ImportPath, () => Status("completed", total: 2, succeeded: 2, failed: 0));

        var page = RenderImport();

        page.WaitForAssertion(() => Assert.Equal("completed", page.Find("[data-testid=import-status]").TextContent), Patience);
        Assert.Empty(page.FindAll("table"));
        Assert.Equal("See your links", page.Find("a[href='/links']").TextContent);
    }

    [Fact]
    public void Import_progress_follows_an_unfinished_import_until_it_completes()
    {
        var polls = 0;
        Api.On(HttpMethod.Get, ImportPath, () => Interlocked.Increment(ref polls) == 1
            ? Status("running", total: 4, succeeded: 1, failed: 0)
            : Status("completed", total: 4, succeeded: 3, failed: 1, new ImportRowError(3, "Enter a URL.")));

        var page = RenderImport();

        page.WaitForAssertion(() => Assert.Equal("completed", page.Find("[data-testid=import-status]").TextContent), Patience);
        Assert.Equal("completed: 4 of 4 rows done, 3 created, 1 with errors.", Normalized(page.Find("p[role=status]").TextContent));
        Assert.Equal(2, polls);
    }

    [Fact]
    public void An_import_the_api_does_not_know_for_this_user_says_there_is_none()
    {
        Api.On(HttpMethod.Get, ImportPath, () => StubApi.Problem(HttpStatusCode.NotFound, "Not Found"));

        var page = RenderImport();

        page.WaitForAssertion(() => Assert.Equal("There is no import of yours with this id. Start an import.", page.Find("p.action-error[role=alert]").TextContent), Patience);
        Assert.Equal("/imports/new", page.Find("p.action-error a").GetAttribute("href"));
        Assert.Empty(page.FindAll("progress"));
    }

    [Fact]
    public void Import_progress_says_the_service_is_not_answering_when_the_api_cannot_be_reached()
    {
        Api.Unreachable(HttpMethod.Get, ImportPath);

        var page = RenderImport();

        page.WaitForAssertion(() => Assert.Equal(ApiProblem.Unreachable.Title, page.Find("p.action-error[role=alert]").TextContent.Trim()), Patience);
        Assert.Empty(page.FindAll("progress"));
    }

    [Fact]
    public void Import_progress_keeps_following_a_long_import_past_a_minute_and_then_says_to_refresh()
    {
        var clock = new FakeTimeProvider(Now);
        Services.AddSingleton<TimeProvider>(clock);
        var polls = 0;
        Api.On(HttpMethod.Get, ImportPath, () =>
        {
            Interlocked.Increment(ref polls);
            return Status("running", total: 10_000, succeeded: 5, failed: 0);
        });

        var page = RenderImport();
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref polls) == 1, Patience), "the first poll");

        AdvanceUntil(() => Volatile.Read(ref polls) >= 2, clock, firstStep: TimeSpan.FromSeconds(61));
        AdvanceUntil(() => Volatile.Read(ref polls) >= 3, clock, firstStep: ImportFollowing.SlowInterval);
        page.WaitForAssertion(() => Assert.Equal("running", page.Find("[data-testid=import-status]").TextContent), Patience);
        Assert.Empty(page.FindAll("p.hint"));

        AdvanceUntil(() => Volatile.Read(ref polls) >= 4, clock, firstStep: ImportFollowing.FollowFor);
        page.WaitForAssertion(() => Assert.Equal("Still working after 15 minutes. Refresh to follow it again.", page.Find("p.hint").TextContent), Patience);
    }

    // The page's next timer may start just after a poll is seen: move the clock on a second at a time until it has fired.
    private static void AdvanceUntil(Func<bool> condition, FakeTimeProvider clock, TimeSpan firstStep)
    {
        clock.Advance(firstStep);
        for (var step = 0; step < 50 && !SpinWait.SpinUntil(condition, TimeSpan.FromMilliseconds(500)); step++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.True(condition(), "the page polled again after the clock moved on");
    }

    private IRenderedComponent<ImportProgress> RenderImport() => Render<ImportProgress>(parameters => parameters.Add(p => p.ImportId, ImportId));

    private static HttpResponseMessage Status(string status, int total, int succeeded, int failed, params ImportRowError[] errors) =>
        StubApi.Json(new ImportStatus(ImportId, status, total, succeeded, failed, errors));

    private static string Normalized(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
