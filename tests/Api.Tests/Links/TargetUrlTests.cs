using Links;

namespace Api.Tests.Links;

public sealed class TargetUrlTests
{
    private static readonly Uri ShortLinkBase = new("https://short.example");

    public static TheoryData<string?, string> Refused => new()
    {
        // Nothing there.
        { null, "Enter a URL." },
        { "", "Enter a URL." },
        { "   ", "Enter a URL." },
        { "\t\r\n", "Enter a URL." },

        // Too long, before and after normalisation.
        { "https://a.example/" + new string('a', 10 * 1024), "longer than 2048 characters." },
        { "https://a.example/" + new string('a', TargetUrl.MaxLength - "https://a.example/".Length + 1), "longer than 2048 characters." },
        { "https://a.example/" + new string('é', 1000), "once its host and path are encoded" },

        // Control characters: header injection, NUL truncation, DEL, NEL.
        { "https://a.example/\r\nSet-Cookie:session=stolen", "control character" },
        { "https://a.example/\n", "control character" },
        { "https://a.example/\r", "control character" },
        { "https://a.example/a\tb", "control character" },
        { "https://a.example/\0.html", "control character" },
        { "https://a.example/\u007F", "control character" },
        { "https://a.example/\u0085", "control character" },
        { "\nhttps://a.example/", "control character" },
        { "https://a.example/\n ", "control character" },

        // Invisible formatting characters: bidi overrides, zero-width characters, BOM, tag characters.
        { "https://x.example\u202Egnp.exe", "formatting character" },
        { "https://a.example/\u202Dpath", "formatting character" },
        { "https://a.example/\u2066path\u2069", "formatting character" },
        { "https://pay\u200Bpal.example/", "formatting character" },
        { "https://a\u200Dexample.com/", "formatting character" },
        { "\uFEFFhttps://a.example/", "formatting character" },
        { "https://a.example/\u00AD", "formatting character" },
        { "https://a.example/\U000E0041", "formatting character" },

        // Line and paragraph separators.
        { "https://a.example/\u2028", "line or paragraph separator" },
        { "https://a.example/\u2029", "line or paragraph separator" },

        // Whitespace anywhere, never trimmed silently.
        { " https://a.example/", "contains a space" },
        { "https://a.example/ ", "contains a space" },
        { "https://a.example/a b", "contains a space" },
        { "https://a b.example/", "contains a space" },
        { "https://a.example/\u00A0", "contains a space" },
        { "https://a.example/\u3000", "contains a space" },
        { "https://a.example/?q=' OR 1=1; DROP TABLE links; --", "contains a space" },
        { "' OR '1'='1", "contains a space" },

        // Broken UTF-16.
        { "https://a.example/\uD800", "malformed text" },
        { "https://a.example/\uDC00x", "malformed text" },

        // Not an absolute URL.
        { "/relative", "complete address" },
        { "relative/path", "complete address" },
        { "//evil.example", "complete address" },
        { "//evil.example/path", "complete address" },
        { "\\\\evil.example\\share", "complete address" },
        { "a.example", "complete address" },
        { "www.example.com/path", "complete address" },
        { "https://", "complete address" },
        { "https:///path", "complete address" },
        { "https:/evil.example", "complete address" },
        { "<script>alert(1)</script>", "complete address" },
        { "'OR'1'='1'--", "complete address" },

        // Schemes other than http and https.
        { "javascript:alert(1)", "Only http and https" },
        { "JavaScript:alert(document.cookie)//https://a.example", "Only http and https" },
        { "data:text/html,<script>alert(1)</script>", "Only http and https" },
        { "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "Only http and https" },
        { "vbscript:msgbox(1)", "Only http and https" },
        { "file:///etc/passwd", "Only http and https" },
        { "ftp://x", "Only http and https" },
        { "mailto:someone@a.example", "Only http and https" },
        { "ws://a.example/socket", "Only http and https" },
        { "localhost:8080", "Only http and https" },

        // Backslashes where the slashes belong, which parsers disagree about.
        { "https:\\\\evil.example", "followed by the host name" },
        { "https:\\\\evil.example/path", "followed by the host name" },

        // User info, the "https://trusted@evil" trick.
        { "https://user:pass@x.example", "user name or password" },
        { "https://user@x.example", "user name or password" },
        { "https://@x.example", "user name or password" },
        { "https://:@x.example", "user name or password" },
        { "https://good.example@evil.example/", "user name or password" },
        { "https://good.example%2F@evil.example/", "user name or password" },

        // Back at the short-link host and port.
        { "https://short.example/abc", "redirect loop" },
        { "https://short.example", "redirect loop" },
        { "https://SHORT.Example/abc", "redirect loop" },
        { "https://short.example:443/abc", "redirect loop" },
        { "https://short.example./abc", "redirect loop" },
        { "http://short.example:443/abc", "redirect loop" },
    };

    public static TheoryData<string, string> Normalized => new()
    {
        { "https://a.example", "https://a.example/" },
        { "https://a.example/Path/To/Page", "https://a.example/Path/To/Page" },
        { "HTTPS://WWW.Example.COM/Some/Path?Q=A#Frag", "https://www.example.com/Some/Path?Q=A#Frag" },
        { "http://a.example?q=1", "http://a.example/?q=1" },
        { "https://a.example/search?q=a%20b&x=%E2%82%AC#top", "https://a.example/search?q=a%20b&x=%E2%82%AC#top" },

        // IDN hosts become lower-case punycode; a look-alike host shows what it really is.
        { "https://BÜCHER.example/Path", "https://xn--bcher-kva.example/Path" },
        { "https://例え.テスト/パス", "https://xn--r8jz45g.xn--zckzah/%E3%83%91%E3%82%B9" },
        { "http://\u0430pple.com/", "http://xn--pple-43d.com/" },

        // Default ports dropped, others kept.
        { "https://a.example:443/x", "https://a.example/x" },
        { "http://a.example:80/x", "http://a.example/x" },
        { "https://a.example:8443/x", "https://a.example:8443/x" },
        { "http://a.example:443/", "http://a.example:443/" },

        // IP literals.
        { "http://127.0.0.1:8080/x", "http://127.0.0.1:8080/x" },
        { "https://[::1]/x", "https://[::1]/x" },
        { "https://[2001:DB8::1]:8443/", "https://[2001:db8::1]:8443/" },

        // Hostile-looking text stays inert: percent-encoded, never raw.
        { "https://a.example/%0d%0a", "https://a.example/%0d%0a" },
        { "https://a.example/%0d%0aSet-Cookie:x=1", "https://a.example/%0d%0aSet-Cookie:x=1" },
        { "https://a.example/<script>alert(1)</script>", "https://a.example/%3Cscript%3Ealert(1)%3C/script%3E" },
        { "https://a.example/item?id=1'--", "https://a.example/item?id=1'--" },
        { "https://a.example/a/../b/./c", "https://a.example/b/c" },

        // The short-link host on another port, or another host, is somewhere else.
        { "https://short.example:8443/abc", "https://short.example:8443/abc" },
        { "http://short.example/abc", "http://short.example/abc" },
        { "https://other.short.example/abc", "https://other.short.example/abc" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Refuses_with_a_message_that_names_the_problem(string? input, string expectedMessagePart)
    {
        var accepted = TargetUrl.TryNormalize(input, ShortLinkBase, out var normalized, out var error);

        Assert.False(accepted);
        Assert.Null(normalized);
        Assert.Contains(expectedMessagePart, error);
    }

    [Theory]
    [MemberData(nameof(Normalized))]
    public void Accepts_and_normalizes(string input, string expected)
    {
        var accepted = TargetUrl.TryNormalize(input, ShortLinkBase, out var normalized, out var error);

        Assert.True(accepted, error);
        Assert.Null(error);
        Assert.Equal(expected, normalized);
    }

    [Fact]
    public void Each_rule_has_its_own_message()
    {
        var messages = Refused
            .Select(row => TargetUrl.TryNormalize(row.Data.Item1, ShortLinkBase, out _, out var error) ? null : error)
            .Distinct()
            .ToList();

        // Every rule in the table but the unreachable empty host (System.Uri refuses http and https without one).
        Assert.Equal(13, messages.Count);
        Assert.DoesNotContain(null, messages);
    }

    [Fact]
    public void Accepts_a_url_of_exactly_the_maximum_length()
    {
        var prefix = "https://a.example/";
        var input = prefix + new string('a', TargetUrl.MaxLength - prefix.Length);

        Assert.True(TargetUrl.TryNormalize(input, ShortLinkBase, out var normalized, out _));
        Assert.Equal(input, normalized);
    }

    [Theory]
    [InlineData("http://localhost:5080", "http://localhost:5080/abc", false)]
    [InlineData("http://localhost:5080", "http://LOCALHOST:5080/abc", false)]
    [InlineData("http://localhost:5080", "http://localhost:5081/abc", true)]
    [InlineData("http://localhost:5080", "http://localhost/abc", true)]
    [InlineData("https://bücher.example", "https://xn--bcher-kva.example/abc", false)]
    [InlineData("https://xn--bcher-kva.example", "https://BÜCHER.example/abc", false)]
    [InlineData("http://127.0.0.1:5080/", "http://127.0.0.1:5080/abc", false)]
    [InlineData("http://[::1]:5080/", "http://[::1]:5080/abc", false)]
    [InlineData("https://short.example/", "https://short.example.evil.example/abc", true)]
    public void Refuses_only_the_short_link_host_and_port_as_a_loop(string shortLinkBase, string input, bool accepted)
    {
        var result = TargetUrl.TryNormalize(input, new Uri(shortLinkBase), out _, out var error);

        Assert.Equal(accepted, result);
        if (!accepted)
        {
            Assert.Contains("redirect loop", error);
        }
    }

    [Fact]
    public void Refuses_a_relative_short_link_base()
    {
        Assert.Throws<ArgumentException>(() => TargetUrl.TryNormalize("https://a.example/", new Uri("/", UriKind.Relative), out _, out _));
    }
}
