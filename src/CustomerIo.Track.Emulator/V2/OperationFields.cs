using System.Text.Json;

namespace CustomerIo.Track.Emulator.V2;

/// <summary>
/// The fields every person operation reads, found in one pass over the operation's properties
/// instead of one search per field. Like TryGetProperty, a repeated name yields its last value
/// and escaped names match their unescaped form. Missing fields are default (Undefined).
/// </summary>
public readonly struct OperationFields
{
    public JsonElement Type { get; private init; }
    public JsonElement Action { get; private init; }
    public JsonElement Identifiers { get; private init; }
    public JsonElement Attributes { get; private init; }
    public JsonElement Timestamp { get; private init; }
    public JsonElement CioRelationships { get; private init; }

    /// <summary>Reads the fields of an operation that is a JSON object.</summary>
    public static OperationFields Read(JsonElement op)
    {
        JsonElement type = default, action = default, identifiers = default,
            attributes = default, timestamp = default, relationships = default;
        foreach (var p in op.EnumerateObject())
        {
            if (p.NameEquals("type"u8)) type = p.Value;
            else if (p.NameEquals("action"u8)) action = p.Value;
            else if (p.NameEquals("identifiers"u8)) identifiers = p.Value;
            else if (p.NameEquals("attributes"u8)) attributes = p.Value;
            else if (p.NameEquals("timestamp"u8)) timestamp = p.Value;
            else if (p.NameEquals("cio_relationships"u8)) relationships = p.Value;
        }
        return new OperationFields
        {
            Type = type, Action = action, Identifiers = identifiers,
            Attributes = attributes, Timestamp = timestamp, CioRelationships = relationships,
        };
    }
}
