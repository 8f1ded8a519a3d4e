// japicmp's post-analysis script for the API baseline (profile api-baseline in the root pom.xml).
//
// japicmp filters by an annotation's type only, not by its values, so this script keeps the types
// that the baseline release declared @API(status = STABLE) and drops every other one: changes to
// EXPERIMENTAL and INTERNAL types never fail the build, and a STABLE type of the baseline that is
// removed, or demoted in this version, is still checked. A nested type without an @API of its own has
// its enclosing type's status. The build breaks on what is left (binary or source incompatible).
import japicmp.model.JApiClass
import javassist.bytecode.annotation.EnumMemberValue

final String API = 'org.apiguardian.api.API'

Map<String, JApiClass> byName = jApiClasses.collectEntries { [(it.fullyQualifiedName): it] }

// the status the baseline (the old version) gave a type, or null when it gave none
def baselineStatus
baselineStatus = { JApiClass type ->
    def api = type.annotations.find { it.fullyQualifiedName == API }
    def declared = api?.oldAnnotation?.orElse(null)?.getMemberValue('status')
    if (declared instanceof EnumMemberValue) {
        return declared.value
    }
    if (api == null && type.fullyQualifiedName.contains('$')) {
        def enclosing = byName[type.fullyQualifiedName.substring(0, type.fullyQualifiedName.lastIndexOf('$'))]
        return enclosing == null ? null : baselineStatus(enclosing)
    }
    return null
}

def stable = jApiClasses.findAll { baselineStatus(it) == 'STABLE' }
println "[INFO] API baseline: ${stable.size()} of ${jApiClasses.size()} types were STABLE in the baseline; only they are checked"
// in place: japicmp 0.27.0 reports and breaks on the list it passed in, not on the one returned
jApiClasses.retainAll(stable)
return jApiClasses
