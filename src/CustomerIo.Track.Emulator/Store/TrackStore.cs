using System.Text;
using System.Text.Json;

namespace CustomerIo.Track.Emulator.Store;

/// <summary>
/// Everything the emulator knows, shared by v1 and v2. Requests arrive concurrently, so every
/// public member takes the one lock; inspection takes it too (via <see cref="Read"/>) to see a
/// consistent picture. Split over partial files by topic: people here, merge, objects, lists.
/// </summary>
public sealed partial class TrackStore
{
    private readonly object _gate = new();
    private volatile bool _emailIdentifies = true;

    /// <summary>
    /// The workspace setting "email identifies people" (Email or ID, what new workspaces use), or
    /// ID only: then a v1 path value with an @ is an id, and an email cannot name a person.
    /// </summary>
    public bool EmailIdentifies { get => _emailIdentifies; set => _emailIdentifies = value; }

    /// <summary>Why a request may not name a person this way in this workspace, or null.</summary>
    public string? RefusedIdentifier(PersonRef who) =>
        who.Kind == IdentifierKind.Email && !EmailIdentifies
            ? "email is not an identifier in this workspace (it identifies people by id only)"
            : null;

    // Values the store writes itself (an email taken from the path) stay readable, like received ones.
    private static readonly JsonSerializerOptions RelaxedJson = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private long _seq;
    private readonly Dictionary<string, Person> _byCioId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Person> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Person> _byEmail = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Person> _byPhone = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Person> _byAnonymousId = new(StringComparer.Ordinal);
    private readonly List<string> _suppressed = new();
    private readonly HashSet<string> _suppressedSet = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Runs a reader under the lock (inspection).</summary>
    public T Read<T>(Func<TrackStore, T> read)
    {
        lock (_gate) return read(this);
    }

    public void Clear()
    {
        lock (_gate)
        {
            _seq = 0;
            _byCioId.Clear(); _byId.Clear(); _byEmail.Clear(); _byPhone.Clear(); _byAnonymousId.Clear();
            _suppressed.Clear(); _suppressedSet.Clear();
            ClearObjects();
            ClearLists();
        }
    }

    // ---- read access for inspection (call inside Read) ----

    public IEnumerable<Person> People => _byCioId.Values.OrderBy(p => p.CreatedSeq);
    public IReadOnlyList<string> Suppressed => _suppressed;

    /// <summary>Finds a person the way the v1 path does, then by any identifier (inspection is lenient).</summary>
    public Person? FindForInspection(string identifier)
    {
        var (person, _) = Resolve(PersonRef.ByShape(identifier));
        return person
            ?? _byId.GetValueOrDefault(identifier)
            ?? _byEmail.GetValueOrDefault(identifier)
            ?? _byCioId.GetValueOrDefault(identifier)
            ?? _byPhone.GetValueOrDefault(identifier);
    }

    // ---- people ----

    /// <summary>
    /// Applies an identify. Returns false when nothing was stored: the person is suppressed,
    /// or unknown and the request may not create them (_update, or a cio_id nobody has).
    /// Throws <see cref="AttributeLimitException"/> (nothing stored) when the person or one of
    /// the relationships would pass a limit that holds over all calls.
    /// </summary>
    public bool Identify(IdentifyRequest r)
    {
        lock (_gate)
        {
            if (IsSuppressed(r.Who.Value) || (r.NewId is not null && IsSuppressed(r.NewId)))
                return false;
            var (person, who) = Resolve(r.Who);
            if (person is null && r.UpdateOnly) return false;
            // Limits over all calls, checked before anything changes.
            EntityLimits.Check(person?.Attributes, r.Attributes, "a person", checkTotalBytes: false);
            CheckRelationshipLimits(person, r.AddRelationships);
            if (person is null)
            {
                person = Create(who);
                if (person is null) return false;
            }
            if (r.NewId is not null && person.Id != r.NewId && !_byId.ContainsKey(r.NewId))
            {
                if (person.Id is not null) _byId.Remove(person.Id);
                person.Id = r.NewId;
                _byId[r.NewId] = person;
            }
            SetAttributes(person, r.Attributes);
            foreach (var rel in r.AddRelationships ?? []) RelateLocked(person, rel);
            foreach (var rel in r.RemoveRelationships ?? []) UnrelateLocked(person, rel.Object);
            return true;
        }
    }

    public void Delete(PersonRef who)
    {
        lock (_gate)
        {
            var (person, _) = Resolve(who);
            if (person is not null) Remove(person);
        }
    }

    /// <summary>Suppress deletes the person and blocks the identifier until unsuppressed.</summary>
    public void Suppress(PersonRef who)
    {
        lock (_gate)
        {
            var (person, _) = Resolve(who);
            if (person is not null) Remove(person);
            if (_suppressedSet.Add(who.Value)) _suppressed.Add(who.Value);
        }
    }

    public void Unsuppress(PersonRef who)
    {
        lock (_gate)
        {
            if (_suppressedSet.Remove(who.Value))
                _suppressed.RemoveAll(s => string.Equals(s, who.Value, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>Stores an event on a person, creating them as the service does. False when not stored.</summary>
    public bool AddEvent(PersonRef who, TrackedEvent e)
    {
        lock (_gate)
        {
            if (IsSuppressed(who.Value)) return false;
            var (person, concrete) = Resolve(who);
            person ??= Create(concrete);
            return person is not null && person.AddEvent(e);
        }
    }

    /// <summary>Adds or updates a device by its id; device attributes merge like person attributes.</summary>
    public bool UpsertDevice(PersonRef who, string deviceId, string? platform, string? lastUsedRaw,
        IReadOnlyList<KeyValuePair<string, RawJson?>> attributes)
    {
        lock (_gate)
        {
            if (IsSuppressed(who.Value)) return false;
            var (person, concrete) = Resolve(who);
            person ??= Create(concrete);
            if (person is null) return false;
            if (!person.Devices.TryGetValue(deviceId, out var device))
                person.Devices[deviceId] = device = new Device(deviceId);
            if (platform is not null) device.Platform = platform;
            if (lastUsedRaw is not null) device.LastUsedRaw = lastUsedRaw;
            Merge(device.Attributes, attributes);
            return true;
        }
    }

    public void DeleteDevice(PersonRef who, string deviceId)
    {
        lock (_gate)
        {
            var (person, _) = Resolve(who);
            person?.RemoveDevice(deviceId);
        }
    }

    // ---- helpers (caller holds the lock) ----

    private bool IsSuppressed(string identifier) => _suppressedSet.Count > 0 && _suppressedSet.Contains(identifier);

    /// <summary>
    /// Finds a person. A v1 path identifier is a cio_id when it starts with "cio_", an email
    /// when it contains '@', the workspace identifies people by email and no person has it as id, else an id. Returns the concrete kind.
    /// </summary>
    private (Person? person, PersonRef concrete) Resolve(PersonRef who)
    {
        if (who.Kind == IdentifierKind.ByShape)
        {
            var v = who.Value;
            if (v.StartsWith("cio_", StringComparison.Ordinal))
                who = new PersonRef(IdentifierKind.CioId, v[4..]);
            else if (EmailIdentifies && v.Contains('@') && !_byId.ContainsKey(v))
                who = new PersonRef(IdentifierKind.Email, v);
            else
                who = new PersonRef(IdentifierKind.Id, v);
        }
        var map = who.Kind switch
        {
            IdentifierKind.Id => _byId,
            IdentifierKind.Email => _byEmail,
            IdentifierKind.CioId => _byCioId,
            _ => _byPhone,
        };
        return (map.GetValueOrDefault(who.Value), who);
    }

    /// <summary>Creates a person named by a concrete identifier. Nobody can be created by cio_id.</summary>
    private Person? Create(PersonRef who)
    {
        if (who.Kind == IdentifierKind.CioId) return null;
        var seq = ++_seq;
        // Looks like the service's cio_ids: 20 hex digits, here from a counter so runs are repeatable.
        var person = new Person(seq.ToString("x20"), seq);
        _byCioId[person.CioId] = person;
        switch (who.Kind)
        {
            case IdentifierKind.Id: person.Id = who.Value; _byId[who.Value] = person; break;
            case IdentifierKind.Email: SetEmail(person, who.Value, writeAttribute: true); break;
            case IdentifierKind.Phone: person.Phone = who.Value; _byPhone[who.Value] = person; break;
        }
        return person;
    }

    private void Remove(Person person)
    {
        _byCioId.Remove(person.CioId);
        if (person.Id is not null && _byId.GetValueOrDefault(person.Id) == person) _byId.Remove(person.Id);
        if (person.Email is not null && _byEmail.GetValueOrDefault(person.Email) == person) _byEmail.Remove(person.Email);
        if (person.Phone is not null && _byPhone.GetValueOrDefault(person.Phone) == person) _byPhone.Remove(person.Phone);
        foreach (var (anon, p) in _byAnonymousId.Where(kv => kv.Value == person).ToList())
            _byAnonymousId.Remove(anon);
        foreach (var (key, _) in person.RelationshipEntries)
            if (_objects.TryGetValue(key, out var obj)) obj.PersonCioIds.Remove(person.CioId);
    }

    /// <summary>Merges attributes; "email" and "anonymous_id" also maintain their indexes.</summary>
    private void SetAttributes(Person person, IReadOnlyList<KeyValuePair<string, RawJson?>> attributes)
    {
        // A new person gets one array for all of them instead of growing it.
        person.Attributes.EnsureRoomFor(attributes.Count);
        for (var i = 0; i < attributes.Count; i++)
        {
            var (name, raw) = attributes[i];
            if (raw is not { } value) person.Attributes.Remove(name);
            else person.Attributes.Set(name, value);
            if (name == "email")
                SetEmailFromRaw(person, raw);
            else if (name == "anonymous_id" && raw is { } anonRaw && AsString(anonRaw) is { Length: > 0 } anon)
                AdoptAnonymous(person, anon);
        }
    }

    /// <summary>SetEmail for a raw "email" attribute value, without decoding it when it names the email the person has.</summary>
    private void SetEmailFromRaw(Person person, RawJson? raw)
    {
        if (raw is { } value && person.Email is { } current && IsPlainString(value.Utf8) &&
            Ascii.Equals(value.Utf8[1..^1], current))
        {
            // What SetEmail does for the same email: the index entry stays or, if free, becomes theirs.
            _byEmail.TryAdd(current, person);
            return;
        }
        SetEmail(person, raw is { } v ? AsString(v) : null, writeAttribute: false);
    }

    private void SetEmail(Person person, string? email, bool writeAttribute)
    {
        if (person.Email is not null && _byEmail.GetValueOrDefault(person.Email) == person)
            _byEmail.Remove(person.Email);
        person.Email = email;
        // An email another person holds stays theirs for lookups; this person still shows it.
        if (email is not null) _byEmail.TryAdd(email, person);
        if (writeAttribute && email is not null)
            person.Attributes.Set("email", RawJson.FromUtf8(JsonSerializer.SerializeToUtf8Bytes(email, RelaxedJson)));
    }

    private static void Merge(AttributeTable target, IReadOnlyList<KeyValuePair<string, RawJson?>> changes)
    {
        foreach (var (name, raw) in changes)
        {
            if (raw is { } value) target.Set(name, value);
            else target.Remove(name);
        }
    }

    /// <summary>The string a raw JSON value holds; null when it is not a string.</summary>
    private static string? AsString(RawJson raw)
    {
        var text = raw.Utf8;
        return IsPlainString(text) ? Encoding.UTF8.GetString(text[1..^1])
            : text.Length > 0 && text[0] == (byte)'"' ? JsonSerializer.Deserialize<string>(text) : null;
    }

    /// <summary>A raw JSON string without escapes: its text is what lies between the quotes.</summary>
    private static bool IsPlainString(ReadOnlySpan<byte> raw) =>
        raw.Length >= 2 && raw[0] == (byte)'"' && raw[^1] == (byte)'"' && !raw[1..^1].Contains((byte)'\\');
}
