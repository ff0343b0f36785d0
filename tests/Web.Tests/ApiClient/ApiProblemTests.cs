using System.Net;
using System.Text;
using Web.ApiClient;

namespace Web.Tests.ApiClient;

public sealed class ApiProblemTests
{
    [Fact]
    public void For_gives_the_apis_messages_for_a_field_whatever_the_case_of_its_name()
    {
        var problem = Validation(("Url", ["Enter a URL.", "It is too long."]));

        Assert.Equal("Enter a URL. It is too long.", problem.For("url"));
        Assert.Equal("Enter a URL. It is too long.", problem.For("URL"));
    }

    [Fact]
    public void For_gives_nothing_for_a_field_the_api_did_not_name_or_gave_no_message()
    {
        var problem = Validation(("url", ["Enter a URL."]), ("code", []));

        Assert.Null(problem.For("email"));
        Assert.Null(problem.For("code"));
    }

    [Fact]
    public void The_summary_gives_the_messages_of_fields_the_form_does_not_show()
    {
        var problem = Validation(("url", ["Enter a URL."]), ("limit", ["limit is a whole number from 1 to 100."]), ("X-Consistency-Token", ["Not a WAL position."]));

        Assert.Equal("limit is a whole number from 1 to 100. Not a WAL position.", problem.Summary("url", "code"));
    }

    [Fact]
    public void The_summary_points_at_the_fields_when_every_message_is_beside_one()
    {
        var problem = Validation(("url", ["Enter a URL."]), ("CODE", ["Too short."]));

        Assert.Equal("Check the fields marked above.", problem.Summary("url", "code"));
    }

    [Fact]
    public void Without_field_messages_the_summary_is_the_title_and_detail()
    {
        var problem = new ApiProblem(429, "Too many requests", "Try again in 3 seconds.", new Dictionary<string, string[]>());

        Assert.Equal("Too many requests. Try again in 3 seconds.", problem.Summary());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Without_field_messages_or_detail_the_summary_is_the_title(string? detail)
    {
        var problem = new ApiProblem(404, "Short link not found", detail, new Dictionary<string, string[]>());

        Assert.Equal("Short link not found", problem.Summary("url"));
    }

    [Fact]
    public void An_unreachable_api_is_neither_unauthorized_nor_not_found()
    {
        Assert.Equal(0, ApiProblem.Unreachable.Status);
        Assert.False(ApiProblem.Unreachable.IsUnauthorized);
        Assert.False(ApiProblem.Unreachable.IsNotFound);
        Assert.Equal("The service is not answering right now. Try again in a moment.", ApiProblem.Unreachable.Summary());
    }

    [Fact]
    public async Task Reads_a_problem_json_body_with_its_field_errors()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadRequest)
        {
            Content = new StringContent(
                """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"One or more validation errors occurred.","status":400,"errors":{"url":["Enter a URL."]}}""",
                Encoding.UTF8, "application/problem+json"),
        };

        var problem = await ApiProblem.ReadAsync(response, Xunit.TestContext.Current.CancellationToken);

        Assert.Equal(400, problem.Status);
        Assert.Equal("One or more validation errors occurred.", problem.Title);
        Assert.Null(problem.Detail);
        Assert.Equal("Enter a URL.", problem.For("url"));
    }

    [Fact]
    public async Task Reads_a_status_without_a_json_body_as_its_reason_phrase()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html>Bad gateway</html>", Encoding.UTF8, "text/html") };

        var problem = await ApiProblem.ReadAsync(response, Xunit.TestContext.Current.CancellationToken);

        Assert.Equal(502, problem.Status);
        Assert.Equal("Bad Gateway", problem.Title);
        Assert.Empty(problem.Errors);
    }

    [Fact]
    public async Task Reads_a_401_as_unauthorized_and_a_404_as_not_found()
    {
        using var unauthorized = new HttpResponseMessage(HttpStatusCode.Unauthorized);
        using var notFound = new HttpResponseMessage(HttpStatusCode.NotFound);

        Assert.True((await ApiProblem.ReadAsync(unauthorized, Xunit.TestContext.Current.CancellationToken)).IsUnauthorized);
        Assert.True((await ApiProblem.ReadAsync(notFound, Xunit.TestContext.Current.CancellationToken)).IsNotFound);
    }

    private static ApiProblem Validation(params (string Field, string[] Messages)[] errors) =>
        new(400, "One or more validation errors occurred.", null, errors.ToDictionary(e => e.Field, e => e.Messages));
}
