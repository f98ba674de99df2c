namespace CustomerIo.Track.Emulator.Store;

public enum IdentifierKind
{
    /// <summary>A v1 path identifier: the service decides by its shape (see TrackStore.Resolve).</summary>
    ByShape,
    Id,
    Email,
    CioId,
    Phone,
}

/// <summary>How a request names a person.</summary>
public readonly record struct PersonRef(IdentifierKind Kind, string Value)
{
    public static PersonRef ByShape(string value) => new(IdentifierKind.ByShape, value);

    /// <summary>The wire name of an identifier kind (v1 id_type / v2 identifiers key).</summary>
    public static IdentifierKind? KindFromWireName(string name) => name switch
    {
        "id" => IdentifierKind.Id,
        "email" => IdentifierKind.Email,
        "cio_id" => IdentifierKind.CioId,
        "phone" => IdentifierKind.Phone,
        _ => null,
    };

    public override string ToString() => $"{Kind}:{Value}";
}
