using System.Text;
using CustomerIo.Track.Emulator.Validation;

namespace CustomerIo.Track.Emulator.Store;

/// <summary>
/// The file's limits over all calls, not per request: 300 unique attributes on one person, object
/// or relationship, and 100 KB of attributes on one object or relationship (counted as the UTF-8
/// bytes of the names and of the values as stored; 100 KB read as 100,000 bytes, the stricter
/// reading). Checked against what the entity already holds, before anything is changed.
/// </summary>
public static class EntityLimits
{
    public const int UniqueAttributes = 300;
    public const int TotalAttributeBytes = 100_000;

    /// <summary>Throws <see cref="AttributeLimitException"/> when applying the changes would break a limit.</summary>
    public static void Check(AttributeTable? current, IReadOnlyList<KeyValuePair<string, RawJson?>> changes,
        string what, bool checkTotalBytes)
    {
        if (changes.Count == 0) return;
        var held = current?.Count ?? 0;
        // The common case: even if every change added a name, the count stays within the limit.
        if (!checkTotalBytes && held + changes.Count <= UniqueAttributes) return;

        // The last change to a name decides it (a repeated key counts once).
        var final = new Dictionary<string, RawJson?>(changes.Count, StringComparer.Ordinal);
        foreach (var (name, value) in changes) final[name] = value;

        var count = held;
        long bytes = 0;
        if (checkTotalBytes && current is not null)
            foreach (var (name, value) in current.Entries) bytes += Size(name, value);
        foreach (var (name, value) in final)
        {
            RawJson old = default;
            var had = current is not null && current.TryGetValue(name, out old);
            if (had && checkTotalBytes) bytes -= Size(name, old);
            if (value is { } v)
            {
                if (!had) count++;
                if (checkTotalBytes) bytes += Size(name, v);
            }
            else if (had)
            {
                count--;
            }
        }
        var field = what == "a relationship" ? "cio_relationships" : "attributes";
        if (count > UniqueAttributes)
            throw new AttributeLimitException(
                $"{what} cannot have more than {UniqueAttributes} unique attributes ({count} after this request)", field);
        if (checkTotalBytes && bytes > TotalAttributeBytes)
            throw new AttributeLimitException(
                $"attributes of {what} cannot be more than {TotalAttributeBytes} bytes in all ({bytes} after this request)", field);
    }

    private static long Size(string name, RawJson value) => TrackLimits.Utf8Bytes(name) + value.Utf8.Length;
}
