namespace CustomerIo.Track.Emulator.Store;

/// <summary>
/// Attribute name to raw JSON value, in the order first set (a name set again keeps its place; a
/// removed one that comes back goes last), as OrderedDictionary keeps them. One array of entries:
/// a person's handful of attributes is found by a short scan of shared name strings, which costs
/// less than hashing, and 100,000 people hold one small array each instead of a dictionary.
/// </summary>
public sealed class AttributeTable
{
    // Past this many attributes, an index keeps look-ups from scanning (people can gather many).
    private const int ScanLimit = 16;

    private Entry[] _entries = [];
    private int _count;
    private Dictionary<string, int>? _index;

    private readonly record struct Entry(string Name, RawJson Value);

    public int Count => _count;

    /// <summary>Makes room for <paramref name="count"/> more attributes at once (one array for a new person).</summary>
    public void EnsureRoomFor(int count)
    {
        if (_count + count > _entries.Length) Array.Resize(ref _entries, Math.Max(_count + count, _entries.Length * 2));
    }

    /// <summary>Sets a value. An unchanged value keeps the stored one, so the new buffer can die young.</summary>
    public void Set(string name, RawJson value)
    {
        var i = IndexOf(name);
        if (i >= 0)
        {
            if (!_entries[i].Value.SameTextAs(value)) _entries[i] = new Entry(_entries[i].Name, value);
            return;
        }
        Append(name, value);
    }

    /// <summary>Adds the value unless the name is set already. Returns whether it was added.</summary>
    public bool TryAdd(string name, RawJson value)
    {
        if (IndexOf(name) >= 0) return false;
        Append(name, value);
        return true;
    }

    public bool Remove(string name)
    {
        var i = IndexOf(name);
        if (i < 0) return false;
        Array.Copy(_entries, i + 1, _entries, i, _count - i - 1);
        _entries[--_count] = default;
        _index = null; // positions moved; rebuilt when needed
        return true;
    }

    public bool TryGetValue(string name, out RawJson value)
    {
        var i = IndexOf(name);
        value = i >= 0 ? _entries[i].Value : default;
        return i >= 0;
    }

    public bool ContainsKey(string name) => IndexOf(name) >= 0;

    /// <summary>The attributes in order.</summary>
    public IEnumerable<KeyValuePair<string, RawJson>> Entries
    {
        get
        {
            for (var i = 0; i < _count; i++) yield return KeyValuePair.Create(_entries[i].Name, _entries[i].Value);
        }
    }

    private void Append(string name, RawJson value)
    {
        EnsureRoomFor(1);
        _entries[_count] = new Entry(name, value);
        _index?.Add(name, _count);
        _count++;
    }

    private int IndexOf(string name)
    {
        if (_count > ScanLimit)
        {
            if (_index is null)
            {
                _index = new Dictionary<string, int>(_count, StringComparer.Ordinal);
                for (var i = 0; i < _count; i++) _index[_entries[i].Name] = i;
            }
            return _index.TryGetValue(name, out var at) ? at : -1;
        }
        for (var i = 0; i < _count; i++)
        {
            // Names mostly come from NameCache, so the same name is usually the same string.
            var n = _entries[i].Name;
            if (ReferenceEquals(n, name) || string.Equals(n, name, StringComparison.Ordinal)) return i;
        }
        return -1;
    }
}
