using System.Text;

namespace CustomerIo.Track.Emulator.Store;

/// <summary>
/// A JSON value's text exactly as received, in UTF-8: a slice of a buffer that the values of one
/// request share. Kept as bytes because the state is written as UTF-8 again, so most values are
/// never decoded at all.
/// </summary>
public readonly struct RawJson(byte[] buffer, int offset, int length)
{
    public ReadOnlySpan<byte> Utf8 => new(buffer, offset, length);

    /// <summary>A value the emulator writes itself (compact JSON text).</summary>
    public static RawJson FromUtf8(byte[] utf8) => new(utf8, 0, utf8.Length);

    public bool SameTextAs(RawJson other) => Utf8.SequenceEqual(other.Utf8);

    public override string ToString() => Encoding.UTF8.GetString(Utf8);
}
