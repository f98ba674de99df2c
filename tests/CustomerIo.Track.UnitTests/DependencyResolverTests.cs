using System.Reflection;
using CustomerIo.Track.Loading;
using Xunit;

namespace CustomerIo.Track.UnitTests
{
    public class DependencyResolverTests
    {
        private const string MsToken = "cc7b13ffcd2ddd51";
        private static readonly AssemblyName Module = new AssemblyName("CustomerIo.Track, Version=0.1.0.0, Culture=neutral, PublicKeyToken=null");
        private static readonly AssemblyName OurJson = new AssemblyName($"System.Text.Json, Version=8.0.0.0, Culture=neutral, PublicKeyToken={MsToken}");
        private static readonly AssemblyName OurMemory = new AssemblyName($"System.Memory, Version=4.0.1.2, Culture=neutral, PublicKeyToken={MsToken}");
        // The CSV reader: not strong-named, and the one dependency pwsh 7 lacks.
        private static readonly AssemblyName OurCsv = new AssemblyName("Sylvan.Data.Csv, Version=1.4.4.0, Culture=neutral, PublicKeyToken=null");

        private static DependencyResolver Resolver() => new DependencyResolver(Module, new[]
        {
            new ShippedDependency(OurJson, @"C:\m\Dependencies\System.Text.Json.dll"),
            new ShippedDependency(OurMemory, @"C:\m\Dependencies\System.Memory.dll"),
            new ShippedDependency(OurCsv, @"C:\m\Dependencies\Sylvan.Data.Csv.dll"),
        });

        private static AssemblyName Json(string version) =>
            new AssemblyName($"System.Text.Json, Version={version}, Culture=neutral, PublicKeyToken={MsToken}");

        [Theory]
        [InlineData("8.0.0.0")]
        [InlineData("6.0.0.0")]
        public void The_module_asking_for_a_shipped_name_at_an_older_or_equal_version_gets_the_shipped_file(string version)
        {
            Assert.Equal(@"C:\m\Dependencies\System.Text.Json.dll", Resolver().PathFor(Module, Json(version)));
        }

        [Fact]
        public void A_shipped_dependency_asking_for_another_shipped_one_gets_it()
        {
            var olderMemory = new AssemblyName($"System.Memory, Version=4.0.1.1, Culture=neutral, PublicKeyToken={MsToken}");
            Assert.Equal(@"C:\m\Dependencies\System.Memory.dll", Resolver().PathFor(OurJson, olderMemory));
        }

        [Fact]
        public void A_newer_version_than_shipped_is_left_to_others()
        {
            Assert.Null(Resolver().PathFor(Module, Json("10.0.0.0")));
        }

        [Fact]
        public void A_request_from_another_modules_assembly_is_left_to_others()
        {
            var foreign = new AssemblyName("Other.Module, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null");
            Assert.Null(Resolver().PathFor(foreign, Json("8.0.0.0")));
        }

        [Fact]
        public void A_request_from_another_copy_of_a_dependency_name_is_left_to_others()
        {
            // Someone else's System.Text.Json 10 asking for System.Memory is not our System.Text.Json 8.
            Assert.Null(Resolver().PathFor(Json("10.0.0.0"), OurMemory));
        }

        [Fact]
        public void A_name_not_in_the_dependency_list_is_left_to_others()
        {
            var unknown = new AssemblyName($"Newtonsoft.Json, Version=13.0.0.0, Culture=neutral, PublicKeyToken=30ad4fe6b2a6aeed");
            Assert.Null(Resolver().PathFor(Module, unknown));
        }

        [Fact]
        public void A_request_without_a_requesting_assembly_is_left_to_others()
        {
            Assert.Null(Resolver().PathFor(null, Json("8.0.0.0")));
        }

        [Fact]
        public void A_shipped_name_with_another_publishers_key_is_left_to_others()
        {
            var fake = new AssemblyName("System.Text.Json, Version=8.0.0.0, Culture=neutral, PublicKeyToken=0123456789abcdef");
            Assert.Null(Resolver().PathFor(Module, fake));
        }

        [Fact]
        public void The_module_asking_for_the_csv_reader_gets_the_shipped_file()
        {
            Assert.Equal(@"C:\m\Dependencies\Sylvan.Data.Csv.dll", Resolver().PathFor(Module, OurCsv));
        }

        [Fact]
        public void A_newer_csv_reader_than_shipped_is_left_to_others()
        {
            var newer = new AssemblyName("Sylvan.Data.Csv, Version=1.5.0.0, Culture=neutral, PublicKeyToken=null");
            Assert.Null(Resolver().PathFor(Module, newer));
        }

        [Fact]
        public void Another_modules_request_for_the_csv_reader_is_left_to_others()
        {
            var foreign = new AssemblyName("Other.Module, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null");
            Assert.Null(Resolver().PathFor(foreign, OurCsv));
        }
    }
}
