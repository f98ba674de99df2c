using System;
using System.Globalization;
using CustomerIo.Track.Json;

namespace CustomerIo.Track.Operations.Entity
{
    /// <summary>
    /// The parts of one v2 operation before it is validated and written: what Send-CioEntity's
    /// parameters give, what a piped hashtable or object in v2 shape gives, and what the object and
    /// relationship cmdlets assemble. Null means "not given" for every part.
    /// </summary>
    internal sealed class EntitySpec
    {
        /// <summary>person, object or delivery.</summary>
        public string Type { get; set; }

        public string Action { get; set; }

        /// <summary>A record (hashtable, ordered dictionary or custom object) of identifier names and values.</summary>
        public object Identifiers { get; set; }

        /// <summary>identify: the attributes; event, page, screen, delivery: the event data.</summary>
        public AttributeSet Attributes { get; set; }

        /// <summary>Event, page or screen name, or the delivery metric.</summary>
        public object Name { get; set; }

        /// <summary>The event's own id (a ULID: the service drops a repeated id).</summary>
        public object EventId { get; set; }

        public object Timestamp { get; set; }

        /// <summary>cio_relationships: a list of records {identifiers, relationship_attributes} (or one record).</summary>
        public object Relationships { get; set; }

        /// <summary>add_device / delete_device: a record {token, platform, last_used, attributes}.</summary>
        public object Device { get; set; }

        /// <summary>merge: the records naming the person kept and the person merged into it.</summary>
        public object Primary { get; set; }
        public object Secondary { get; set; }

        /// <summary>
        /// Reads an operation already in v2 shape: a hashtable or a custom object (ConvertFrom-Json
        /// output, an -AsOperation view). Unknown top-level names are refused, so a typo
        /// ("attribute") does not silently drop data.
        /// </summary>
        public static EntitySpec FromRecord(object record)
        {
            if (!PowerShellValues.IsRecord(record))
                throw new RecordValidationException("InputObject",
                    $"A v2 operation must be a hashtable or an object with type, action and identifiers; got {PowerShellValues.Describe(record)}.",
                    "NotAnOperation");
            var spec = new EntitySpec();
            foreach (var field in PowerShellValues.Fields(record))
            {
                object value = PowerShellValues.Unwrap(field.Value);
                switch (field.Key.ToLowerInvariant())
                {
                    case "type": spec.Type = Scalar(value, "type"); break;
                    case "action": spec.Action = Scalar(value, "action"); break;
                    case "identifiers": spec.Identifiers = value; break;
                    case "attributes": spec.Attributes = value == null ? null : AttributesOf(value, "attributes"); break;
                    case "name": spec.Name = value; break;
                    case "id": spec.EventId = value; break;
                    case "timestamp": spec.Timestamp = value; break;
                    case "cio_relationships": spec.Relationships = value; break;
                    case "device": spec.Device = value; break;
                    case "primary": spec.Primary = value; break;
                    case "secondary": spec.Secondary = value; break;
                    default:
                        throw new RecordValidationException(field.Key,
                            $"'{AttributeSet.Clip(field.Key)}' is not part of a v2 operation; the names are type, action, identifiers, " +
                            "attributes, name, id, timestamp, cio_relationships, device, primary and secondary.",
                            "UnknownOperationField");
                }
            }
            return spec;
        }

        /// <summary>A record's fields as an AttributeSet (empty values kept: in v2 shape they are meant).</summary>
        internal static AttributeSet AttributesOf(object value, string field)
        {
            if (value is AttributeSet set) return set;
            if (!PowerShellValues.IsRecord(value))
                throw new RecordValidationException(field,
                    $"'{field}' must be a hashtable or an object with properties; got {PowerShellValues.Describe(value)}.",
                    "NotARecord");
            return AttributeSet.FromRecord(value, null, includeEmpty: true);
        }

        /// <summary>A string, or a number given where a string is meant (an id of 42); null stays null.</summary>
        internal static string Scalar(object value, string field)
        {
            value = PowerShellValues.Unwrap(value);
            switch (value)
            {
                case null: return null;
                case string s: return s;
                case char c: return c.ToString();
                case int _:
                case long _:
                case short _:
                case byte _:
                case sbyte _:
                case uint _:
                case ulong _:
                case ushort _:
                case decimal _:
                case System.Numerics.BigInteger _:
                    return Convert.ToString(value, CultureInfo.InvariantCulture);
                default:
                    throw new RecordValidationException(field,
                        $"'{field}' must be a string; got {PowerShellValues.Describe(value)}.", "NotAString");
            }
        }
    }
}
