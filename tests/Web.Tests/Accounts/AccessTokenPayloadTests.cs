using System.Text;
using Web.Accounts;

namespace Web.Tests.Accounts;

public sealed class AccessTokenPayloadTests
{
    private static readonly Guid Account = Guid.Parse("0b3c5d7e-9f10-4a2b-8c3d-4e5f60718293");

    [Fact]
    public void Reads_the_subject_from_the_payload_of_a_jwt()
    {
        var token = Jwt($$"""{"sub":"{{Account}}","email":"ada@example.com","exp":1741620000}""");

        Assert.Equal(Account, AccessTokenPayload.Subject(token));
    }

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("xx")]
    [InlineData("xxx")]
    public void Reads_payloads_whatever_base64url_padding_they_left_out(string filler)
    {
        var token = Jwt($$"""{"sub":"{{Account}}","n":"{{filler}}"}""");

        Assert.Equal(Account, AccessTokenPayload.Subject(token));
    }

    [Fact]
    public void Reads_payloads_that_use_the_url_safe_alphabet()
    {
        // "???" and ">>>" encode to '/' and '+' in base64, to '_' and '-' in base64url.
        var token = Jwt($$"""{"sub":"{{Account}}","a":"???>>>"}""");
        Assert.True(token.Split('.')[1].IndexOfAny(['-', '_']) >= 0);

        Assert.Equal(Account, AccessTokenPayload.Subject(token));
    }

    [Fact]
    public void Reads_when_the_token_was_issued_and_when_it_expires()
    {
        var token = Jwt($$"""{"sub":"{{Account}}","iat":1741619100,"exp":1741620000}""");

        Assert.Equal((DateTimeOffset.FromUnixTimeSeconds(1741619100), DateTimeOffset.FromUnixTimeSeconds(1741620000)), AccessTokenPayload.Lifetime(token));
        Assert.Null(AccessTokenPayload.Lifetime(Jwt($$"""{"sub":"{{Account}}","exp":1741620000}""")));
        Assert.Null(AccessTokenPayload.Lifetime(Jwt("""{"iat":"soon","exp":1741620000}""")));
    }

    public static TheoryData<string> NotTokensWithASubject => new()
    {
        "",
        "not-a-jwt",
        "two.parts",
        "four.parts.in.it",
        "header.!!!not-base64!!!.signature",
        "header." + Base64Url("not json") + ".signature",
        "header." + Base64Url("""{"email":"ada@example.com"}""") + ".signature",
        "header." + Base64Url("""{"sub":"not-a-guid"}""") + ".signature",
        "header." + Base64Url("""{"sub":42}""") + ".signature",
        "header." + Base64Url("""["sub"]""") + ".signature",
        "header." + Base64Url("""{"sub":null}""") + ".signature",
    };

    [Theory]
    [MemberData(nameof(NotTokensWithASubject))]
    public void Anything_but_a_jwt_with_a_guid_subject_reads_as_no_subject(string token)
    {
        Assert.Null(AccessTokenPayload.Subject(token));
    }

    private static string Jwt(string payload) => $"{Base64Url("""{"alg":"HS256","typ":"JWT"}""")}.{Base64Url(payload)}.c2lnbmF0dXJl";

    private static string Base64Url(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
