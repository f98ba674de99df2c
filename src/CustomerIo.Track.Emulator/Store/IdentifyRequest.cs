namespace CustomerIo.Track.Emulator.Store;

/// <summary>
/// An identify, already validated and reduced to what the store applies. Attribute values are
/// raw JSON text; a null value removes the attribute (the service's rule for JSON null).
/// </summary>
public sealed record IdentifyRequest(
    PersonRef Who,
    IReadOnlyList<KeyValuePair<string, RawJson?>> Attributes,
    string? NewId = null,
    bool UpdateOnly = false,
    IReadOnlyList<RelationshipChange>? AddRelationships = null,
    IReadOnlyList<RelationshipChange>? RemoveRelationships = null);
