using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using QrCodes;

namespace Api.Redirects;

// The query of GET /{code}/qr, checked: format png (default) or svg, size in pixels within bounds, so one request
// cannot ask for an image of any size.
public sealed record QrImageRequest(string Format, int Size)
{
    public const string Png = "png";
    public const string Svg = "svg";
    public const int DefaultSize = 300;
    public const int MinimumSize = 100;
    public const int MaximumSize = 1000;

    public string ContentType => Format == Svg ? "image/svg+xml" : "image/png";

    public static bool TryParse(string? format, string? size, out QrImageRequest request, out Dictionary<string, string[]> errors)
    {
        errors = [];
        if (format is not (null or Png or Svg))
        {
            errors["format"] = ["format is png or svg."];
        }
        var pixels = DefaultSize;
        if (size is not null && (!int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out pixels) || pixels < MinimumSize || pixels > MaximumSize))
        {
            errors["size"] = [$"size is a whole number of pixels from {MinimumSize} to {MaximumSize}."];
        }
        request = new QrImageRequest(format ?? Png, pixels);
        return errors.Count == 0;
    }

    public byte[] Render(string shortUrl) =>
        Format == Svg ? Encoding.UTF8.GetBytes(QrImages.SvgOfSize(shortUrl, Size)) : QrImages.PngOfSize(shortUrl, Size);

    // The image depends on nothing else, so equal tags mean equal bytes without drawing either.
    public string EntityTag(string shortUrl)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', shortUrl, Format, Size.ToString(CultureInfo.InvariantCulture), QrImages.Renderer)));
        return $"\"{Convert.ToHexStringLower(hash.AsSpan(0, 16))}\"";
    }
}
