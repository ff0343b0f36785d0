using System.Net;
using AngleSharp.Dom;
using Web.Accounts;
using Web.ApiClient;
using Web.Tests.Infrastructure;

namespace Web.Tests.Accounts;

public sealed class SignUpTests : WebTestContext
{
    [Fact]
    public void Sign_up_puts_the_apis_email_taken_message_beside_the_email_field()
    {
        Api.On(HttpMethod.Post, "/api/auth/register", () => StubApi.Problem(HttpStatusCode.Conflict, "Email already registered", "An account with this email exists. Sign in instead."));
        var page = Render<SignUp>();

        Fill(page, "ada@example.com", "correct horse battery");

        page.WaitForAssertion(() => Assert.Equal("Email already registered. An account with this email exists. Sign in instead.", page.Find("#email-error").TextContent), Patience);
        Assert.Equal("email-error", page.Find("#email").GetAttribute("aria-describedby"));
        Assert.Empty(page.FindAll("#password-error"));
        Assert.Empty(page.FindAll("p.action-error"));
        var register = Assert.Single(Api.Requests);
        Assert.Equal("/api/auth/register", register.PathAndQuery);
        Assert.Equal("""{"email":"ada@example.com","password":"correct horse battery"}""", register.Body);
        Assert.Null(register.Authorization);
    }

    [Fact]
    public void Sign_up_marks_the_email_field_invalid_when_the_email_is_taken()
    {
        Api.On(HttpMethod.Post, "/api/auth/register", () => StubApi.Problem(HttpStatusCode.Conflict, "Email already registered", "An account with this email exists. Sign in instead."));
        var page = Render<SignUp>();

        Fill(page, "ada@example.com", "correct horse battery");

        page.WaitForElement("#email-error", Patience);
        Assert.Equal("true", page.Find("#email").GetAttribute("aria-invalid"));
    }

    [Fact]
    public void Sign_up_puts_the_apis_password_message_beside_the_password_field()
    {
        Api.On(HttpMethod.Post, "/api/auth/register", () => StubApi.Problem(HttpStatusCode.BadRequest, "One or more validation errors occurred.",
            errors: new Dictionary<string, string[]> { ["password"] = ["The password must be at least 10 characters."] }));
        var page = Render<SignUp>();

        Fill(page, "ada@example.com", "short");

        page.WaitForAssertion(() => Assert.Equal("The password must be at least 10 characters.", page.Find("#password-error").TextContent), Patience);
        Assert.Empty(page.FindAll("#email-error"));
        Assert.Equal("Check the fields marked above.", page.Find("p.action-error").TextContent.Trim());
    }

    [Fact]
    public void Sign_up_says_the_service_is_not_answering_when_the_api_cannot_be_reached()
    {
        Api.Unreachable(HttpMethod.Post, "/api/auth/register");
        var page = Render<SignUp>();

        Fill(page, "ada@example.com", "correct horse battery");

        page.WaitForAssertion(() => Assert.Equal(ApiProblem.Unreachable.Title, page.Find("p.action-error[role=alert]").TextContent.Trim()), Patience);
        Assert.Empty(page.FindAll("#email-error"));
    }

    private static void Fill(IRenderedComponent<SignUp> page, string email, string password)
    {
        page.Find("#email").Change(email);
        page.Find("#password").Change(password);
        Form(page).Submit();
    }

    private static IElement Form(IRenderedComponent<SignUp> page) => page.Find("#email").Closest("form")!;
}
