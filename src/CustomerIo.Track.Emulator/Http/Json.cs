using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CustomerIo.Track.Emulator.Http;

/// <summary>JSON writing helpers shared by every route.</summary>
public static class Json
{
    // Relaxed escaping: names and emails with non-ASCII characters stay readable in answers.
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };

    public static readonly JsonSerializerOptions SerializerOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 256,
    };

    public static string Build(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
            write(w);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes a JSON answer straight into the response pipe (no I/O while the writer runs).</summary>
    public static async Task WriteAsync(HttpResponse response, int status, Action<Utf8JsonWriter> write)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        using (var w = new Utf8JsonWriter(response.BodyWriter, WriterOptions))
            write(w);
        await response.BodyWriter.FlushAsync();
    }

    /// <summary>Writes a stored raw JSON value, or null.</summary>
    public static void WriteRawOrNull(this Utf8JsonWriter w, string name, string? raw)
    {
        w.WritePropertyName(name);
        if (raw is null) w.WriteNullValue();
        else w.WriteRawValue(raw, skipInputValidation: true);
    }

    public static int Utf8Length(string s) => Encoding.UTF8.GetByteCount(s);
}
