using System.Buffers.Binary;
using StbImageSharp;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace AppHost.Tests.Infrastructure;

// Reads a QR code image back as a phone would see it: the PNG's pixels (StbImageSharp) scanned for a QR code (ZXing.Net).
public static class QrCodeImages
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    // Width and height as the PNG's header (its IHDR chunk, right after the signature) states them.
    public static (int Width, int Height) PngHeaderSize(byte[] png)
    {
        Assert.True(png.AsSpan().StartsWith(PngSignature), "not a PNG: its signature is missing");
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }

    // The text of the QR code the PNG shows, or null when no QR code can be read in it.
    public static string? Decode(byte[] png)
    {
        var image = ImageResult.FromMemory(png, ColorComponents.RedGreenBlueAlpha);
        var pixels = new RGBLuminanceSource(image.Data, image.Width, image.Height, RGBLuminanceSource.BitmapFormat.RGBA32);
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(pixels)))?.Text;
    }
}
