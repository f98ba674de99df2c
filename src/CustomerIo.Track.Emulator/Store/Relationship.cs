namespace CustomerIo.Track.Emulator.Store;

/// <summary>A person's relationship to an object, with its own attributes.</summary>
public sealed class Relationship
{
    public Relationship(ObjectKey obj) => Object = obj;

    public ObjectKey Object { get; }
    public AttributeTable Attributes { get; } = new();
}

/// <summary>A relationship to add or remove, as a request describes it.</summary>
public sealed record RelationshipChange(ObjectKey Object, IReadOnlyList<KeyValuePair<string, RawJson?>> Attributes);
