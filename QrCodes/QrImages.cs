using System.Collections;
using System.Drawing;
using QRCoder;

namespace QrCodes;

// A short URL's QR code as PNG and SVG, drawn by QRCoder: for the Web's link page and downloads, and, at a given size
// in pixels, for the Api's public GET /{code}/qr.
public static class QrImages
{
    private const int PixelsPerModule = 4;

    // What else, beside the text and the size, decides the image: an HTTP cache of one keys it by this too.
    public static string Renderer { get; } = "QRCoder " + typeof(QRCodeGenerator).Assembly.GetName().Version;

    public static byte[] Png(string text, int pixelsPerModule = PixelsPerModule)
    {
        using var data = Encode(text);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }

    public static string Svg(string text)
    {
        using var data = Encode(text);
        return new SvgQRCode(data).GetGraphic(PixelsPerModule);
    }

    // Exactly pixels wide and high (or, should the code have more modules than that, one pixel per module): every
    // module the same whole number of pixels, as many as fit, and the rest a white border around the quiet zone.
    // QRCoder draws only whole modules, so it draws this as a matrix with one cell per pixel.
    public static byte[] PngOfSize(string text, int pixels)
    {
        using var data = Encode(text);
        var modules = data.ModuleMatrix.Count;
        var scale = Math.Max(1, pixels / modules);
        var side = Math.Max(pixels, modules * scale);
        var border = (side - modules * scale) / 2;
        var cells = new List<BitArray>(side);
        for (var y = 0; y < side; y++)
        {
            var row = new BitArray(side);
            var moduleRow = (y - border) / scale;
            if (y >= border && moduleRow < modules)
            {
                var source = data.ModuleMatrix[moduleRow];
                for (var x = border; x < border + modules * scale; x++)
                {
                    row[x] = source[(x - border) / scale];
                }
            }
            cells.Add(row);
        }
        using var scaled = new QRCodeData(1) { ModuleMatrix = cells };
        return new PngByteQRCode(scaled).GetGraphic(1);
    }

    // Its width and height are pixels; the modules scale to fill them (an SVG has no pixels to round to).
    public static string SvgOfSize(string text, int pixels)
    {
        using var data = Encode(text);
        return new SvgQRCode(data).GetGraphic(new Size(pixels, pixels), drawQuietZones: true, SvgQRCode.SizingMode.WidthHeightAttribute);
    }

    private static QRCodeData Encode(string text)
    {
        using var generator = new QRCodeGenerator();
        return generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
    }
}
