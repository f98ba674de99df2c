using System;
using System.Management.Automation;
using CustomerIo.Track.Cmdlets.Base;
using CustomerIo.Track.Cmdlets.People;
using CustomerIo.Track.Operations;
using CustomerIo.Track.Operations.Objects;

namespace CustomerIo.Track.Cmdlets.Objects
{
    /// <summary>
    /// Add-/Remove-CioRelationship: a person (by id, email or cio_id) and an object (by type and
    /// id, or cio_object_id), from parameters or from piped rows of person-object pairs.
    /// </summary>
    public abstract class CioRelationshipCmdlet : CioEntityCmdlet
    {
        internal static readonly string[] IdNames = { "Id", "CustomerId", "customer_id", "person_id" };
        internal static readonly string[] EmailNames = { "Email" };
        internal static readonly string[] CioIdNames = { "CioId", "cio_id" };

        /// <summary>The person's id (a value starting with cio_ names a cio_id, as the service reads it).</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("CustomerId", "customer_id", "person_id")]
        public string Id { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string Email { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("cio_id")]
        public string CioId { get; set; }

        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("object_type_id")]
        public string ObjectTypeId { get; set; }

        [Parameter(Position = 2, ValueFromPipelineByPropertyName = true)]
        [Alias("object_id")]
        public string ObjectId { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("cio_object_id")]
        public string CioObjectId { get; set; }

        [Parameter(ValueFromPipeline = true)]
        [AllowNull]
        public PSObject InputObject { get; set; }

        protected override object CurrentInput => InputObject;

        private protected PersonIdentifier Person()
        {
            string id = RecordInput.Text(Id, InputObject, IdNames);
            if (!string.IsNullOrEmpty(id)) return PersonIdentifier.FromId(id, "Id", EmailIdentifiesPeople);
            string cioId = RecordInput.Text(CioId, InputObject, CioIdNames);
            if (!string.IsNullOrEmpty(cioId)) return PersonIdentifier.Of("cio_id", cioId, "CioId", EmailIdentifiesPeople);
            string email = RecordInput.Text(Email, InputObject, EmailNames);
            if (!string.IsNullOrEmpty(email)) return PersonIdentifier.FromEmail(email, "Email", EmailIdentifiesPeople);
            throw new RecordValidationException("Id",
                "The person is missing: give -Id, -Email or -CioId, or pipe objects with an id, customer_id, person_id, email or cio_id property.",
                "IdentifierMissing");
        }

        private protected ObjectIdentity Object() =>
            SetCioObjectCommand.Identity(ObjectTypeId, ObjectId, CioObjectId, InputObject);

        /// <summary>Every name that identifies the person or the object (never a relationship attribute).</summary>
        internal static string[] IdentifyingNames()
        {
            var names = new System.Collections.Generic.List<string>();
            names.AddRange(IdNames);
            names.AddRange(EmailNames);
            names.AddRange(CioIdNames);
            names.AddRange(SetCioObjectCommand.TypeIdNames);
            names.AddRange(SetCioObjectCommand.ObjectIdNames);
            names.AddRange(SetCioObjectCommand.CioObjectIdNames);
            return names.ToArray();
        }
    }
}
