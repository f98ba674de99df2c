namespace CustomerIo.Track.Emulator.Store;

/// <summary>
/// A change the store refused, before changing anything, because it would take a person, object
/// or relationship over a limit that holds across calls. The routes answer it as a 400 (v1) or
/// an item error (v2).
/// </summary>
public sealed class AttributeLimitException(string message, string field) : Exception(message)
{
    /// <summary>The v2 field the refusal names: attributes, or cio_relationships for a relationship's.</summary>
    public string Field { get; } = field;
}
