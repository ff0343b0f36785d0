using Links;

namespace Api.Tests.Links;

public sealed class ShortCodeTests
{
    [Fact]
    public void Generated_codes_are_seven_base62_characters()
    {
        for (var i = 0; i < 1000; i++)
        {
            var code = ShortCode.Generate();

            Assert.Equal(ShortCode.GeneratedLength, code.Length);
            Assert.All(code, c => Assert.True(char.IsAsciiLetterOrDigit(c), $"'{c}' in '{code}' is not base62."));
            Assert.True(ShortCode.CouldExist(code));
            Assert.True(ShortCode.IsValidCustom(code, out _));
        }
    }

    [Fact]
    public void Generated_codes_do_not_repeat()
    {
        var codes = Enumerable.Range(0, 1000).Select(_ => ShortCode.Generate()).ToList();

        Assert.True(codes.Distinct().Count() >= 999, "More than one duplicate in 1000 generated codes.");
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("my-link")]
    [InlineData("My_Link_2024")]
    [InlineData("ABC123")]
    [InlineData("---")]
    [InlineData("___")]
    [InlineData("apis")]
    [InlineData("healthy")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123")]
    public void Accepts_a_valid_custom_code(string code)
    {
        Assert.True(ShortCode.IsValidCustom(code, out var error), error);
        Assert.Null(error);
    }

    [Theory]
    [InlineData(null, "Enter a short code.")]
    [InlineData("", "Enter a short code.")]
    [InlineData("a", "at least 3 characters")]
    [InlineData("ab", "at least 3 characters")]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234", "at most 64 characters")]
    [InlineData("my link", "may contain only")]
    [InlineData(" abc", "may contain only")]
    [InlineData("a/b", "may contain only")]
    [InlineData("../etc", "may contain only")]
    [InlineData("a.b", "may contain only")]
    [InlineData("favicon.ico", "may contain only")]
    [InlineData("café", "may contain only")]
    [InlineData("ｌｉｎｋ", "may contain only")]
    [InlineData("\u212Aelvin", "may contain only")]
    [InlineData("100%", "may contain only")]
    [InlineData("%2e%2e", "may contain only")]
    [InlineData("a?b", "may contain only")]
    [InlineData("a#b", "may contain only")]
    [InlineData("abc\n", "may contain only")]
    [InlineData("a\0b", "may contain only")]
    [InlineData("<script>", "may contain only")]
    [InlineData("api", "is reserved")]
    [InlineData("API", "is reserved")]
    [InlineData("Health", "is reserved")]
    [InlineData("HEALTH", "is reserved")]
    [InlineData("alive", "is reserved")]
    [InlineData("Swagger", "is reserved")]
    [InlineData("_framework", "is reserved")]
    [InlineData("Not-Found", "is reserved")]
    [InlineData("well-known", "is reserved")]
    [InlineData("links", "is reserved")]
    public void Refuses_an_invalid_custom_code(string? code, string expectedMessagePart)
    {
        Assert.False(ShortCode.IsValidCustom(code, out var error));
        Assert.Contains(expectedMessagePart, error);
    }

    [Theory]
    [InlineData("abc", true)]
    [InlineData("aB3_-x7", true)]
    [InlineData("api", true)]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123", true)]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("ab", false)]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234", false)]
    [InlineData("abc\n", false)]
    [InlineData("a b", false)]
    [InlineData("favicon.ico", false)]
    [InlineData("é-code", false)]
    public void Could_exist_checks_the_pattern_only(string? code, bool expected)
    {
        Assert.Equal(expected, ShortCode.CouldExist(code));
    }

    [Theory]
    [InlineData("api")]
    [InlineData("Api")]
    [InlineData("HEALTH")]
    [InlineData("favicon.ico")]
    [InlineData("ROBOTS.TXT")]
    [InlineData(".well-known")]
    [InlineData("_blazor")]
    [InlineData("SignIn")]
    public void Reserved_codes_match_in_any_case(string code)
    {
        Assert.True(ReservedCodes.Contains(code));
    }

    [Theory]
    [InlineData("my-link")]
    [InlineData("apis")]
    [InlineData("api-docs")]
    public void Other_codes_are_not_reserved(string code)
    {
        Assert.False(ReservedCodes.Contains(code));
    }
}
