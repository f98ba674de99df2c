using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using CustomerIo.Track.Operations.Entity;
using CustomerIo.Track.Operations.Rules;

namespace CustomerIo.Track.Operations.Objects
{
    /// <summary>How a cmdlet names an object: its type and id, or the service's cio_object_id.</summary>
    internal sealed class ObjectIdentity
    {
        private ObjectIdentity(string typeId, string objectId, string cioObjectId)
        {
            TypeId = typeId;
            ObjectId = objectId;
            CioObjectId = cioObjectId;
        }

        public string TypeId { get; }
        public string ObjectId { get; }
        public string CioObjectId { get; }

        /// <summary>The v2 identifiers record.</summary>
        public IDictionary Identifiers
        {
            get
            {
                var d = new OrderedDictionary();
                if (CioObjectId != null) d["cio_object_id"] = CioObjectId;
                else
                {
                    d["object_type_id"] = TypeId;
                    d["object_id"] = ObjectId;
                }
                return d;
            }
        }

        public override string ToString() => CioObjectId ?? TypeId + ":" + ObjectId;

        /// <summary>From the cmdlet's parameters (or the piped record's fields): type and id, else cio_object_id.</summary>
        public static ObjectIdentity From(string typeId, string objectId, string cioObjectId)
        {
            bool hasType = !string.IsNullOrEmpty(typeId), hasId = !string.IsNullOrEmpty(objectId);
            if (!hasType && !hasId && !string.IsNullOrEmpty(cioObjectId))
            {
                IdentifierRules.Check(cioObjectId, "CioObjectId");
                return new ObjectIdentity(null, null, cioObjectId);
            }
            if (!hasType)
                throw new RecordValidationException("ObjectTypeId",
                    "'ObjectTypeId' is missing: give -ObjectTypeId and -ObjectId (or -CioObjectId), or pipe objects with object_type_id and object_id properties.",
                    "IdentifierMissing");
            if (!hasId)
                throw new RecordValidationException("ObjectId",
                    "'ObjectId' is missing: give -ObjectTypeId and -ObjectId (or -CioObjectId), or pipe objects with object_type_id and object_id properties.",
                    "IdentifierMissing");
            IdentifierRules.Check(typeId, "ObjectTypeId");
            IdentifierRules.Check(objectId, "ObjectId");
            return new ObjectIdentity(typeId, objectId, null);
        }
    }

    /// <summary>
    /// Objects and person-object relationships. They exist only in v2: the single request is
    /// POST /api/v2/entity with the item as its body, and the item is also the batch item.
    /// Objects are keyed "object:type:id". A relationship change touches a person and an object:
    /// it is keyed by the person and relates to the object, so it keeps its order with both.
    /// </summary>
    internal static class ObjectOperations
    {
        public static Operation Identify(ObjectIdentity obj, AttributeSet attributes, IList relationships, object input, bool emailIdentifies) =>
            EntityOperation.Build(new EntitySpec
            {
                Type = "object", Action = "identify", Identifiers = obj.Identifiers,
                Attributes = attributes, Relationships = relationships != null && relationships.Count > 0 ? relationships : null,
            }, input, emailIdentifies);

        public static Operation Delete(ObjectIdentity obj, object input) =>
            EntityOperation.Build(new EntitySpec { Type = "object", Action = "delete", Identifiers = obj.Identifiers }, input, emailIdentifies: true);

        /// <summary>add_relationships / delete_relationships of a person with one object.</summary>
        /// <param name="who">Already read by the connection's -PeopleIdentifiedBy, so its kind is allowed.</param>
        public static Operation Relate(PersonIdentifier who, ObjectIdentity obj, AttributeSet relationshipAttributes, bool add, object input)
        {
            var relationship = new OrderedDictionary { ["identifiers"] = obj.Identifiers };
            if (add && relationshipAttributes != null && relationshipAttributes.Count > 0)
                relationship["relationship_attributes"] = relationshipAttributes;
            var op = EntityOperation.Build(new EntitySpec
            {
                Type = "person",
                Action = add ? "add_relationships" : "delete_relationships",
                Identifiers = new OrderedDictionary { [who.Kind] = who.Value },
                Relationships = new List<object> { relationship },
            }, input, emailIdentifies: true);
            return op.OrderedBy(op.EntityKey, "object:" + (obj.CioObjectId ?? obj.TypeId + ":" + obj.ObjectId));
        }
    }
}
