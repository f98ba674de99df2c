using System.Runtime.InteropServices;
using System.Text.Json;
using CustomerIo.Track.Emulator.Http;
using CustomerIo.Track.Emulator.Store;
using CustomerIo.Track.Emulator.Validation;

namespace CustomerIo.Track.Emulator.V2;

/// <summary>POST /api/v2/entity (one operation) and POST /api/v2/batch (many, answered item by item).</summary>
public sealed class V2Routes(TrackStore store)
{
    private readonly OperationApplier _applier = new(store);

    public Reply Dispatch(ApiRequest req) => (req.Method, req.Segments) switch
    {
        ("POST", ["api", "v2", "entity"]) => Entity(req),
        ("POST", ["api", "v2", "batch"]) => Batch(req),
        _ => Reply.NotFound,
    };

    private Reply Entity(ApiRequest req)
    {
        if (req.Body.Length > TrackLimits.EntityBytes)
            return Errors(400, new ItemError("too_large", null,
                $"request body is {req.Body.Length} bytes, more than the {TrackLimits.EntityBytes} bytes allowed"));
        if (Parse(req) is not { } doc) return Malformed("request body is not valid JSON");
        using (doc)
        {
            return _applier.Apply(doc.RootElement) is { } error ? Errors(400, error) : Reply.Ok;
        }
    }

    private Reply Batch(ApiRequest req)
    {
        if (req.Body.Length > TrackLimits.BatchBytes)
            return Errors(400, new ItemError("too_large", null,
                $"request body is {req.Body.Length} bytes, more than the {TrackLimits.BatchBytes} bytes allowed"));
        if (Parse(req) is not { } doc) return Malformed("request body is not valid JSON");
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object ||
                !doc.RootElement.TryGetProperty("batch", out var batch) || batch.ValueKind != JsonValueKind.Array)
                return Malformed("request body must be an object with a \"batch\" array");

            // Items are applied in order; an invalid one is reported and skipped, the rest still land.
            var errors = new List<(int Index, ItemError Error)>();
            var index = 0;
            foreach (var item in batch.EnumerateArray())
            {
                var error = Check(req, item, index) ?? _applier.Apply(item);
                if (error is not null) errors.Add((index, error));
                index++;
            }
            if (errors.Count == 0) return Reply.Ok;
            return new Reply(207, Json.Build(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("errors");
                foreach (var (i, e) in errors) e.Write(w, i);
                w.WriteEndArray();
                w.WriteEndObject();
            }));
        }
    }

    /// <summary>Refusals decided before an item is looked at: injected by a fault, or too large.</summary>
    private static ItemError? Check(ApiRequest req, JsonElement item, int index)
    {
        if (req.InjectedInvalidItems.Contains(index))
            return new ItemError("injected", null, req.InjectedReason ?? "injected");
        // The item's own UTF-8 bytes, read in place rather than copied out as a string.
        var bytes = JsonMarshal.GetRawUtf8Value(item).Length;
        return bytes > TrackLimits.EntityBytes
            ? new ItemError("too_large", null, $"item is {bytes} bytes, more than the {TrackLimits.EntityBytes} bytes allowed")
            : null;
    }

    private static JsonDocument? Parse(ApiRequest req)
    {
        try
        {
            return JsonDocument.Parse(req.Body, Json.DocumentOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Reply Malformed(string message) => Errors(400, new ItemError("malformed", null, message));

    private static Reply Errors(int status, ItemError error) =>
        new(status, Json.Build(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("errors");
            error.Write(w, null);
            w.WriteEndArray();
            w.WriteEndObject();
        }));
}
