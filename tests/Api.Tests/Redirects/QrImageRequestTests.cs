using System.Buffers.Binary;
using System.Xml.Linq;
using Api.Redirects;

namespace Api.Tests.Redirects;

// The query of GET /{code}/qr and the image it asks for: exactly the size asked, whatever the size; one tag per image.
public sealed class QrImageRequestTests
{
    private const string ShortUrl = "https://sho.rt/abc1234";

    [Fact]
    public void Nothing_asked_is_a_png_of_300_pixels()
    {
        Assert.True(QrImageRequest.TryParse(null, null, out var request, out var errors), string.Join(", ", errors.Keys));
        Assert.Equal(new QrImageRequest("png", 300), request);
        Assert.Equal("image/png", request.ContentType);
    }

    [Theory]
    [InlineData("PNG", null, "format")]
    [InlineData("jpeg", null, "format")]
    [InlineData(null, "99", "size")]
    [InlineData(null, "1001", "size")]
    [InlineData(null, " 300", "size")]
    [InlineData(null, "300,400", "size")]
    public void A_value_out_of_its_set_is_an_error_on_its_field(string? format, string? size, string field)
    {
        Assert.False(QrImageRequest.TryParse(format, size, out _, out var errors));
        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void Every_png_size_from_the_minimum_to_the_maximum_is_exactly_that_many_pixels_wide_and_high()
    {
        for (var size = QrImageRequest.MinimumSize; size <= QrImageRequest.MaximumSize; size += 13)
        {
            var png = new QrImageRequest("png", size).Render(ShortUrl);
            Assert.Equal((size, size), (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4))));
        }
    }

    [Fact]
    public void The_svg_is_as_wide_and_high_as_asked()
    {
        var svg = XDocument.Parse(System.Text.Encoding.UTF8.GetString(new QrImageRequest("svg", 640).Render(ShortUrl))).Root!;

        Assert.Equal("svg", svg.Name.LocalName);
        Assert.Equal(("640", "640"), (svg.Attribute("width")?.Value, svg.Attribute("height")?.Value));
    }

    [Fact]
    public void The_tag_differs_with_the_short_url_the_format_and_the_size_and_with_nothing_else()
    {
        var tag = new QrImageRequest("png", 300).EntityTag(ShortUrl);

        Assert.Equal(tag, new QrImageRequest("png", 300).EntityTag(ShortUrl));
        Assert.Matches("^\"[0-9a-f]{32}\"$", tag);
        Assert.Equal(4, new[] { tag, new QrImageRequest("svg", 300).EntityTag(ShortUrl), new QrImageRequest("png", 301).EntityTag(ShortUrl), new QrImageRequest("png", 300).EntityTag(ShortUrl + "x") }.Distinct().Count());
    }
}
