using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using CustomerIo.Track.Cmdlets.Messaging;
using CustomerIo.Track.Cmdlets.Objects;
using CustomerIo.Track.Cmdlets.People;
using CustomerIo.Track.Cmdlets.Records;
using Xunit;

namespace CustomerIo.Track.UnitTests
{
    /// <summary>
    /// RecordNames keeps each record part's field names once; these tests hold every table to the
    /// parameters it names (their declared names and aliases), so a renamed parameter or a new alias
    /// cannot leave a table behind.
    /// </summary>
    public class RecordNamesTests
    {
        private static string[] NamesOf(Type cmdlet, string parameter)
        {
            var p = cmdlet.GetProperty(parameter, BindingFlags.Public | BindingFlags.Instance);
            Assert.NotNull(p);
            Assert.NotEmpty(p.GetCustomAttributes<ParameterAttribute>());
            var aliases = p.GetCustomAttributes<AliasAttribute>().SelectMany(a => a.AliasNames);
            return new[] { p.Name }.Concat(aliases).ToArray();
        }

        /// <summary>The parameters a row binds by property name, with their aliases (what a row's data leaves out).</summary>
        private static HashSet<string> BoundByPropertyName(Type cmdlet) =>
            new HashSet<string>(cmdlet.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.GetCustomAttributes<ParameterAttribute>().Any(a => a.ValueFromPipelineByPropertyName))
                .SelectMany(p => NamesOf(cmdlet, p.Name)), StringComparer.OrdinalIgnoreCase);

        public static IEnumerable<object[]> PersonIdParameters() =>
            new[] { typeof(SetCioCustomerCommand), typeof(SendCioEventCommand), typeof(AddCioDeviceCommand), typeof(RemoveCioDeviceCommand), typeof(RemoveCioCustomerCommand) }
                .Select(t => new object[] { t });

        [Theory]
        [MemberData(nameof(PersonIdParameters))]
        public void PersonId_is_every_person_cmdlets_Id_with_its_aliases_in_order(Type cmdlet) =>
            Assert.Equal(NamesOf(cmdlet, "Id"), RecordNames.PersonId);

        [Fact]
        public void Relationship_object_and_device_names_are_their_parameters()
        {
            Assert.Equal(NamesOf(typeof(AddCioRelationshipCommand), "Id"), RecordNames.RelationshipPersonId);
            Assert.Equal(NamesOf(typeof(AddCioRelationshipCommand), "Email"), RecordNames.Email);
            Assert.Equal(NamesOf(typeof(AddCioRelationshipCommand), "CioId"), RecordNames.CioId);
            foreach (var t in new[] { typeof(SetCioObjectCommand), typeof(AddCioRelationshipCommand) })
            {
                Assert.Equal(NamesOf(t, "ObjectTypeId"), RecordNames.ObjectTypeId);
                Assert.Equal(NamesOf(t, "ObjectId"), RecordNames.ObjectId);
                Assert.Equal(NamesOf(t, "CioObjectId"), RecordNames.CioObjectId);
            }
            Assert.Equal(NamesOf(typeof(AddCioDeviceCommand), "DeviceId"), RecordNames.DeviceId);
            Assert.Equal(NamesOf(typeof(RemoveCioDeviceCommand), "DeviceId"), RecordNames.DeviceId);
        }

        [Fact]
        public void A_rows_data_leaves_out_exactly_the_parameters_it_binds_by_property_name()
        {
            Assert.True(BoundByPropertyName(typeof(SendCioEventCommand)).SetEquals(RecordNames.EventFields));
            Assert.True(BoundByPropertyName(typeof(AddCioDeviceCommand)).SetEquals(RecordNames.DeviceFields));
            Assert.True(BoundByPropertyName(typeof(SubmitCioFormCommand)).SetEquals(RecordNames.FormFields));
            // Set-CioCustomer binds email by property name but keeps it as an attribute: only the id columns are keys.
            Assert.True(BoundByPropertyName(typeof(SetCioCustomerCommand)).SetEquals(RecordNames.PersonId.Concat(new[] { "Email" })));
        }
    }
}
