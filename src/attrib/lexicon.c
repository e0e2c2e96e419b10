/*
 * lexicon.c: the word lists of attribution (speech verbs, verbs of stance
 * and of action, titles, role and body nouns, treaty words, function words
 * ...; the abbreviations are src/text/abbrev.c's) and the lexicon that
 * answers, for a word in any case, which lists hold it, as a bit mask
 * (attrib_impl.h names the lists).  The lexicon is built once per process,
 * on first use.
 */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "attrib_impl.h"
#include "treaty_gazetteer.h"

/* Verbs that attribute what follows (or precedes) to their subject. */
static const char *const speech_verbs[] = {
    "said", "say", "says", "stated", "warned", "warns", "emphasized", "emphasised",
    "stressed", "told", "tells", "added", "adds", "insisted", "insists", "argued", "argues",
    "claimed", "noted", "called", "calls", "described", "describes", "denounced",
    "condemned", "welcomed", "praised", "criticised", "criticized", "rejected", "dismissed",
    "urged", "urges", "accused", "accuses", "hailed", "announced", "declared", "reported",
    "estimated", "expressed", "asked", "suggested", "acknowledged", "conceded",
    "maintained", "vowed", "pledged", "promised", "threatened", "confirmed", "denied",
    "explained", "wrote", "tweeted", "reiterated", "complained", "predicted", "quoted",
    "declined", "cautioned", "admitted", "recalled", "replied", "responded", "countered",
    "proposed", "offered", "believes", "thinks", "observed", "defended", "answered",
    "repeated", "reaffirmed", "pointed", "attacked", "voted", "ratified", "endorsed",
    "opposed", "slammed", "blasted", "lauded", "questioned", "reminded", NULL};

/* Verbs of stance whose subject holds it: "NATO does not recognise the
 * treaty", "China firmly opposes", "Kazakhstan expresses hope".  Like the
 * speech verbs but only with the subject before them. */
static const char *const stance_verbs[] = {
    "opposes", "oppose", "welcomes", "welcome", "supports", "support", "supported", "backs",
    "rejects", "reject", "recognises", "recognizes", "recognise", "recognize",
    "recognised", "recognized", "regards", "regard", "considers", "consider", "considered",
    "expresses", "express", "reaffirms", "affirms", "affirmed", "notes", "forecasts",
    "forecast", "cites", "cited", "fear", "fears", "feared", "hopes", "hope", "hoped",
    "believe", "believed", "condemns", "condemn", "denounces", "denounce", "criticises",
    "criticizes", "praises", "hails", "objects", "objected", "refused", "refuses", "agreed",
    "agrees", "raised", "sees", "doubts", "accepts", "accepted", "demands", "demanded",
    "sought", "seeks", "expects", "expected", "wants", "wanted", "insist", "argue", "warn",
    "say", "urge", "vowed", "pledges", "disputes", "disputed", "challenged", "challenges",
    "complain", "protested", "protest", "protests", "lobbied", "favours", "favors",
    "favoured", "favored", "hailed", "deplored", "deplores", "regretted", "regrets",
    "called", "asked", "point", "stressed", "stresses", "underlined", "underlines",
    "defend", "defends", "defended", "vows", "issued", "issues", "describe", "recalls",
    "campaigned", "campaigns", "appealed", "appeals", "commented", "comments",
    "maintains", "reiterates", "reiterate", "confirms", "denies", "acknowledges", "press",
    "presses", "pressed", "pushes", NULL};

/* Verbs of stance shown by an action ("Greece expelled the ambassador",
 * "the Duma ratified the treaty"): their subject is the source when the
 * sentence has no speaker. */
static const char *const action_verbs[] = {
    "ratified", "ratifies", "ratify", "approved", "approves", "signed", "signs", "sign",
    "withdrew", "withdraws", "withdraw", "suspended", "suspends", "suspend", "expelled",
    "expels", "summoned", "summons", "rejoined", "rejoins", "tabled", "left", "leaves",
    "quit", "quits", "exits", "exited", "abandoned", "abandons", "scrapped", "scraps",
    "revoked", "revokes", "annulled", "terminated", "terminates", "joined", "joins",
    "adopted", "adopts", "vetoed", "vetoes", "blocked", "blocks", "boycotted", "boycotts",
    "recalled", "imposed", "reimposed", "initialled", "initialed", "concluded", "renounced",
    "renounces", "pulled", "walked", "agreed", "ruled", "extended", "extends", "renewed",
    "renews", "breached", "violated", "violates", "invoked", "invokes", "triggered",
    "triggers", "notified", "froze", "freezes", "halted", "halts", "resumed", "resumes",
    "implemented", "enforced", "struck", "sealed", "brokered", "negotiated",
    "submitted", "passed", "rejected", "endorsed", "backed", "voted", "denounced",
    "de-ratified", "deratified", "repealed", "repeals", NULL};

/* Plural and collective nouns for people and bodies that speak as a group
 * ("Analysts warned", "fishermen's unions said", "Others said"). */
static const char *const people_nouns[] = {
    "analysts", "officials", "experts", "scientists", "residents", "farmers", "unions",
    "groups", "lawmakers", "deputies", "protesters", "protestors", "critics", "advocates",
    "campaigners", "diplomats", "observers", "economists", "investors", "traders",
    "grinders", "mayors", "governors", "leaders", "ministers", "nations", "countries",
    "states", "members", "allies", "parties", "governments", "others", "side", "coalition",
    "organisations", "organizations", "activists", "environmentalists", "businesses",
    "companies", "producers", "exporters", "importers", "fishermen", "citizens", "voters",
    "opponents", "supporters", "sources", "source", "correspondent", "commentators",
    "negotiators", "delegates", "delegations", "delegation", "mps", "senators",
    "legislators", "parliamentarians", "officers", "generals", "authorities", "agencies",
    "communities", "workers", "families", "researchers", "scholars", "administration",
    "government", "ministry", "opposition", "military", "presidency", "office", "embassy",
    "parliament", "cabinet", "court", "council", "commission", "committee", "union",
    "party", "group", "industry", "lobby", "bloc", "alliance", "editor", "residents",
    "locals", "villagers", "fishers", "producers", "manufacturers", "makers", "banks",
    "airlines", "firms", "exporters", "hardliners", "conservatives", "liberals",
    "democrats", "republicans", "nationalists", "unionists", "republicans", "judges",
    "lawyers", "prosecutors", "spokespeople", "representatives", "envoys", "ambassadors",
    "executives", "chiefs", "heads", "rebels", "militants", "veterans", "students",
    "teachers", "doctors", "nurses", "women", "men", "people", "consumers", "bodies",
    "watchdog", "regulator", "regulators", "sides", "police", "prosecutors", "ngos",
    "charities", "churches", "bishops", "clergy", "youth", "ministers", NULL};

/* Verbs that report another's words: "Interfax quoted Y as saying". */
static const char *const chain_verbs[] = {"quoted", "cited", "quotes", "cites", NULL};

/* Nouns after "according to X" that make X a source of figures, not of
 * a stance ("according to U.N. data"). */
static const char *const data_nouns[] = {
    "data", "figures", "estimates", "statistics", "records", "calculations", "numbers",
    "tallies", "tally", "count", "counts", "tracking", "documents", "polls", "poll",
    "filings", "tables", NULL};

/* Modifiers that say what a treaty is like, not what it is about. */
static const char *const vague_modifiers[] = {
    "new", "old", "historic", "landmark", "controversial", "proposed", "draft", "final",
    "whole", "entire", "original", "current", "existing", "same", "latest", "former",
    "previous", "interim", "key", "major", "broader", "wider", "formal", "provisional",
    "tentative", "so-called", "fragile", "binding", "non-binding", "separate", "similar",
    "bilateral", "multilateral", "international", "landmark", "big", "good", "bad",
    "better", "worse", "best", "worst", "secret", "signed", "unsigned", "rival", "long",
    "short", "full", "partial", "eventual", "possible", "planned", "potential", "legal",
    "political", "real", "actual", "whole", "initial", "earlier", "later", "present",
    "underlying", "main", "broad", "narrow", "overall", "flawed", "lopsided", "unequal",
    "historic", "one-sided", "much-criticised", "hard-won", NULL};

/* Words of a story's credits ("contributed to this report", "Writing by"). */
static const char *const signoff_words[] = {
    "contributed", "reported", "writing", "editing", "reporting", "responsible", NULL};

/* Speaker labels of a transcript: "Q:", "A:", "QUESTION:". */
static const char *const question_labels[] = {"q", "question", "interviewer", NULL};
static const char *const answer_labels[] = {"a", "answer", NULL};

/* Present-tense forms that double as nouns ("renewed calls for"): they
 * count only right after a name or a at_pronoun. */
static const char *const strict_verbs[] = {
    "calls", "describes", "urges", "accuses", "believes", "thinks", "warns", "adds",
    "tells", "insists", "argues", "protests", "demands", "hopes", "fears", "supports",
    "notes", "backs", "doubts", "forecasts", "objects", "regrets", "challenges",
    "disputes", "favours", "favors", "cites", "sees", "seeks", NULL};

/* Role nouns that, with "the" and nobody in the article holding the role
 * by name, mean the one speaking ("the diplomat stressed", "the source
 * said"). */
static const char *const back_nouns[] = {
    "diplomat", "official", "source", "spokesman", "spokeswoman", "spokesperson",
    "politician", "lawmaker", "negotiator", "envoy", "minister", "analyst", "expert",
    "economist", NULL};

/* Words that may stand between a subject and its verb. */
static const char *const aux_words[] = {
    "has", "have", "had", "also", "repeatedly", "previously", "already", "again", "later",
    "then", "publicly", "formally", "earlier", "once", "separately", "recently", "jointly",
    "further", "reportedly", "privately", "immediately", "firmly", "flatly", "openly",
    "strongly", "sharply", "angrily", "bluntly", "often", "frequently", "twice",
    "initially", "subsequently", "would", "will", "did", "does", "do", "may", "might",
    "could", "should", "can", "must", "yesterday", "today", "tonight", "quickly",
    "simply", "since", "long", "explicitly", "officially", "just", "now", "meanwhile",
    "however", "too", "though", "not", "never", "firmly", "fully", "both", "all",
    "first", "unilaterally", "quietly", "effectively", "finally", "eventually",
    "swiftly", "narrowly", "overwhelmingly", "unanimously", "largely", "widely",
    "strongly", "likewise", "similarly", "instead", "nonetheless", "nevertheless",
    "still", "consistently", "categorically", "vehemently", "reluctantly", "tentatively",
    "provisionally", "hastily", "belatedly", "ultimately", "long", "duly", NULL};

/* Words that with "last", "this" or "next" before them say when. */
static const char *const time_nouns[] = {
    "week", "month", "year", "night", "weekend", "time", NULL};

static const char *const passive_words[] = {
    "is", "was", "were", "are", "be", "been", "being", NULL};

static const char *const weekdays[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", NULL};

static const char *const months[] = {
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "jan.", "feb.", "aug.", "sept.",
    "sep.", "oct.", "nov.", "dec.", NULL};

/* Titles stripped from the front of a person's name; a run is stripped
 * up to the last of them. */
static const char *const titles[] = {
    "president", "minister", "secretary", "general", "secretary-general",
    "director-general", "sen.", "senator", "rep.", "representative", "gov.", "governor",
    "mayor", "dr.", "dr", "mr.", "mr", "mrs.", "mrs", "ms.", "ms", "miss", "prof.",
    "professor", "gen.", "lt.", "col.", "maj.", "capt.", "adm.", "sgt.", "cmdr.",
    "lieutenant", "colonel", "major", "captain", "admiral", "sergeant", "commander",
    "marshal", "chancellor", "king", "queen", "prince", "princess", "sheikh", "emir",
    "pope", "ambassador", "envoy", "chairman", "chairwoman", "chair", "speaker",
    "commissioner", "director", "chief", "spokesman", "spokeswoman", "spokesperson",
    "judge", "justice", "lord", "lady", "sir", "dame", "premier", "leader", "cardinal",
    "archbishop", "rabbi", "imam", "rev.", "father", "attorney", "ayatollah",
    "vice-president", "mep", "mp", "ceo", "negotiator", "delegate", NULL};

/* Words that may precede a title ("Deputy Foreign Minister"), stripped
 * with it but never titles on their own ("Foreign Affairs"). */
static const char *const title_modifiers[] = {
    "vice", "prime", "retired", "former", "acting", "deputy", "crown", "executive",
    "state", "foreign", "senior", "presidential", "trade", "defence", "defense",
    "finance", "economy", "energy", "interior", "commerce", "environment", "health",
    "agriculture", "treasury", "grand", "first", "chief", "junior", "assistant",
    "under", "general", NULL};

/* Words that make a capitalised run an organisation. */
static const char *const org_words[] = {
    "ministry", "department", "office", "commission", "council", "committee", "union",
    "bank", "agency", "administration", "command", "association", "institute",
    "institution", "organisation", "organization", "party", "government", "parliament",
    "assembly", "congress", "senate", "house", "duma", "kremlin", "court", "fund", "group",
    "service", "services", "forum", "centre", "center", "university", "corp.",
    "corporation", "company", "inc.", "ltd.", "securities", "partners", "times", "news",
    "post", "authority", "federation", "league", "alliance", "coalition", "project",
    "foundation", "board", "bureau", "secretariat", "cabinet", "embassy", "mission",
    "network", "wire", "press", "reuters", "today", "daily", "journal", "tribune",
    "herald", "review", "society", "chamber", "club", "industries", "holdings", "capital",
    "research", "exchange", "reserve", "police", "army", "navy", "forces", "guard",
    "directorate", "presidency", "palace", "front", "movement", "workers",
    "confederation", "programme", "program", "tribunal", "monitor", "watch",
    "observatory", "consortium", "bloc", "telegraph", "gazette", "channel", "television",
    "radio", "broadcasting", "airlines", "motors", "petroleum", "initiative", NULL};

/* Words that make a two-word run a place rather than a person. */
static const char *const geo_words[] = {
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "new",
    "united", "saudi", "central", "upper", "lower", "greater", "republic", "kingdom",
    "states", "islands", "island", "sea", "ocean", "river", "lake", "gulf", "bay", "mount",
    "valley", "coast", "strait", "street", "square", "city", "province", "region",
    "middle", "far", "black", "red", "atlantic", "pacific", "baltic", "caspian",
    "mediterranean", "arctic", "hall", "county", "state", NULL};

/* Lower-case nouns naming a person's role ("the spokesman said"). */
static const char *const role_nouns[] = {
    "spokesman", "spokeswoman", "spokesperson", "minister", "secretary", "president",
    "chairman", "chairwoman", "chair", "director", "chief", "head", "envoy", "ambassador",
    "negotiator", "official", "adviser", "advisor", "analyst", "economist", "researcher",
    "lawmaker", "senator", "governor", "mayor", "leader", "commissioner", "speaker",
    "delegate", "representative", "strategist", "professor", "fellow", "diplomat",
    "premier", "chancellor", "general", "commander", "deputy", "member", "dealer",
    "trader", "farmer", "expert", "lawyer", "scholar", "scientist", "author", "editor",
    "columnist", "activist", "campaigner", "executive", "manager", "founder",
    "candidate", "judge", "observer", "prosecutor", "counsel", "attorney", "officer",
    "aide", "consultant", "king", "queen", "prince", "emir", "sheikh", "scientist", NULL};

/* Lower-case nouns naming what an organisation issues ("a White House
 * statement said"). */
static const char *const doc_nouns[] = {
    "statement", "report", "note", "website", "communique", "communiqué", "letter",
    "release", "source", "sources", "memo", "bulletin", "newsletter", "broadcast",
    "tweet", "survey", "study", "analysis", "union", "group", "team", "office", NULL};

/* Lower-case nouns standing for an organisation named before ("the
 * ministry said"). */
static const char *const org_nouns[] = {
    "ministry", "department", "bank", "agency", "commission", "council", "committee",
    "government", "union", "party", "group", "company", "federation", "institute",
    "office", "embassy", "court", "parliament", "assembly", "senate", "fund",
    "association", "organisation", "organization", "secretariat", "network", "forum",
    "administration", "kremlin", "cabinet", "board", "firm", "alliance", "bloc",
    "authority", "service", "command", "duma", "presidency", "newspaper",
    "broadcaster", "bureau", "lobby", "agency", NULL};

/* Lower-case nouns that with a capitalised word before them name a body
 * ("the Indian government", "the Jogorku Kenesh press service"). */
static const char *const body_nouns[] = {
    "government", "ministry", "parliament", "cabinet", "administration", "presidency",
    "service", "embassy", "authorities", "military", "delegation", "leadership",
    "opposition", "coalition", NULL};

static const char *const prepositions[] = {
    "at", "for", "from", "of", "in", "on", "with", "by", "to", "under", "near", "inside",
    "outside", "across", NULL};

/* Prepositions after which a name is the speaker's employer ("analysts at
 * Harbourline Bank"). */
static const char *const org_preps[] = {"at", "for", "from", "of", NULL};

/* Words that are capitalised only because a sentence starts with them. */
static const char *const function_words[] = {
    "the", "a", "an", "in", "on", "at", "but", "and", "or", "if", "when", "while", "after",
    "before", "as", "for", "with", "by", "from", "to", "of", "this", "that", "these",
    "those", "it", "its", "he", "she", "they", "we", "i", "his", "her", "their", "our",
    "there", "here", "some", "many", "most", "all", "both", "each", "every", "no", "not",
    "only", "yet", "still", "so", "then", "now", "under", "over", "since", "until",
    "during", "although", "though", "because", "what", "who", "which", "where", "why",
    "how", "whether", "meanwhile", "however", "also", "even", "just", "first", "second",
    "third", "last", "one", "two", "three", "four", "five", "other", "another", "such",
    "more", "less", "nobody", "everyone", "everybody", "someone", "nothing", "legally",
    "officially", "despite", "without", "within", "among", "between", "against",
    "according", "please", "let", "my", "your", "you", "me", "us", "them", "him", "any",
    "few", "several", "much", "instead", "indeed", "still", "already", "worse", "better",
    "just", "never", "again", NULL};

/* Words before a colon that label rather than speak ("Photo: ..."). */
static const char *const colon_labels[] = {
    "photo", "photos", "caption", "live", "analysis", "update", "updated", "breaking",
    "exclusive", "opinion", "comment", "editorial", "video", "watch", "explainer",
    "factbox", "interview", "correction", "note", "read", "related", "key", "reporting",
    "editing", "source", "sources", "by", "graphic", "map", "chart", "timeline",
    "listen", "podcast", "feature", "review", "column", "file", "background", "picture",
    "pictured", "image", "credit", NULL};

/* Capitalised words that make a run a treaty name. */
static const char *const treaty_words[] = {
    "treaty", "treaties", "agreement", "agreements", "accord", "accords", "pact",
    "convention", "protocol", "framework", "deal", "charter", "memorandum", "initiative",
    "declaration", "arrangement", "compact", "covenant", NULL};

/* Lower-case nouns referring back to a treaty ("the pact"). */
static const char *const treaty_nouns[] = {
    "treaty", "pact", "deal", "accord", "accords", "agreement", "convention", "protocol",
    "document", "initiative", "arrangement", "charter", "memorandum", "compact",
    "framework", NULL};

/* Plurals that refer back only after a definite determiner. */
static const char *const treaty_plurals[] = {
    "treaties", "pacts", "deals", "agreements", "arrangements", "protocols", NULL};

/* Words before a treaty noun that make it some other treaty. */
static const char *const indefinites[] = {
    "any", "another", "no", "every", "each", "some", "other", "similar", "such",
    "separate", "different", "future", "fresh", "second", NULL};

static const char *const definites[] = {
    "the", "this", "that", "these", "those", "its", "their", "our", "his", "her", "my",
    "your", NULL};

/* Words after which "deal" is a verb. */
static const char *const modal_words[] = {
    "to", "will", "would", "can", "could", "must", "should", "not", "cannot", "might",
    "may", "great", "good", NULL};

/* Connectors inside a treaty name: the Treaty *of* Alliance. */
static const char *const treaty_links[] = {
    "of", "on", "for", "concerning", "to", "establishing", "under", NULL};

/* Connectors inside other names: Ministry *of* Foreign Affairs, von der Leyen. */
static const char *const name_links[] = {
    "of", "for", "the", "de", "van", "von", "der", "den", "bin", "al", "da", "di", "du",
    "la", "le", "del", "y", "ibn", "dos", "das", NULL};

/* Function words of headlines in capitals. */
static const char *const caps_stop[] = {
    "after", "before", "on", "in", "of", "the", "to", "for", "with", "as", "at", "by",
    "from", "and", "or", "over", "amid", "new", "says", "say", "will", "not", "no", "is",
    "are", "be", "its", "their", "under", "into", "out", "up", "down", "off", "vs", "a",
    "an", "sign", "signs", "back", "backs", "hail", "hails", "rally", "rallies", NULL};

/* Treaties widely known by acronym alone. */
static const char *const known_acronyms[] = {
    "JCPOA", "NPT", "CTBT", "NAFTA", "USMCA", "INF", "START", "TPP", "CPTPP", "RCEP",
    "GATT", "AUKUS", "CFE", "SALT", "ABM", "TTIP", "CETA", "UNCLOS", "UNFCCC", "TPNW",
    "CWC", "BWC", NULL};

static const char *const pronouns_person[] = {"he", "she", NULL};
static const char *const pronouns_thing[] = {"it", "they", NULL};
static const char *const pronouns_self[] = {"i", "we", "you", NULL};
static const char *const relatives[] = {"who", "which", "whose", "that", NULL};

/* Words that end the subject of a verb when scanning back from it. */
static const char *const clause_words[] = {
    "that", "which", "who", "while", "as", "because", "after", "when", "if", "although",
    "though", "and", "but", "whom", "where", NULL};

/* Every word list above, so that one lookup answers for all of them: the
 * lexicon maps a word (ASCII case folded) to the set of lists that hold
 * it, as a bit mask, list LX_name being bit 1 << LX_name (LEX(name), known
 * when the code is compiled).  win(a, i, name) and in_list_n(w, n, name)
 * take a list by name, so only lists of the lexicon can be asked. */

static const char *const *const lexicon_lists[] = {
#define LEX_LIST(list) list,
    LEXICON(LEX_LIST)
#undef LEX_LIST
};

enum { LEXICON_SLOTS = 16384, LEXICON_POOL = 32768 };

/* Every word of the lists, by case-insensitive hash: the lists it is in,
 * and its lower-case form, kept in pool. */
static struct {
    const char *word[LEXICON_SLOTS]; /* lower case, in pool */
    uint8_t len[LEXICON_SLOTS];
    uint64_t mask[LEXICON_SLOTS];
    char pool[LEXICON_POOL];
    size_t pool_len;
} lexicon;
static pthread_once_t lexicon_once = PTHREAD_ONCE_INIT;

/* ASCII capitals to lower case, every other byte as it is. */
const unsigned char at_fold_table[256] = {
#define F4(c) c, c + 1, c + 2, c + 3
#define F16(c) F4(c), F4(c + 4), F4(c + 8), F4(c + 12)
    F16(0), F16(16), F16(32), F16(48), '@', F4('a'), F4('e'), F4('i'), F4('m'), F4('q'),
    F4('u'), 'y', 'z', '[', '\\', ']', '^', '_', F16(96), F16(112), F16(128), F16(144),
    F16(160), F16(176), F16(192), F16(208), F16(224), F16(240)
#undef F16
#undef F4
};

static size_t word_hash(const char *w, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ fold((unsigned char)w[i])) * 16777619u;
    return h & (LEXICON_SLOTS - 1);
}

/* Does w[0..n) in any case spell x[0..n), which is in lower case? */
static bool same_folded(const char *x, const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)x[i] != fold((unsigned char)w[i]))
            return false;
    return true;
}

static void lexicon_build(void)
{
    for (size_t k = 0; k < LX_COUNT; k++) {
        for (const char *const *w = lexicon_lists[k]; *w; w++) {
            size_t n = strlen(*w), h = word_hash(*w, n);
            while (lexicon.word[h] != NULL &&
                   !(lexicon.len[h] == n && same_folded(lexicon.word[h], *w, n)))
                h = (h + 1) & (LEXICON_SLOTS - 1);
            if (lexicon.word[h] == NULL) {
                if (lexicon.pool_len + n > LEXICON_POOL)
                    continue; /* never: the lists hold about 6 KB */
                char *x = lexicon.pool + lexicon.pool_len;
                for (size_t i = 0; i < n; i++)
                    x[i] = (char)fold((unsigned char)(*w)[i]);
                lexicon.pool_len += n;
                lexicon.word[h] = x;
                lexicon.len[h] = (uint8_t)n;
            }
            lexicon.mask[h] |= (uint64_t)1 << k;
        }
    }
}

/* The lists (as lexicon bits) that hold w[0..n). */
uint64_t at_lexicon_mask(const char *w, size_t n)
{
    if (n == 0 || n > UINT8_MAX)
        return 0;
    pthread_once(&lexicon_once, lexicon_build);
    for (size_t h = word_hash(w, n);; h = (h + 1) & (LEXICON_SLOTS - 1)) {
        const char *x = lexicon.word[h];
        if (x == NULL)
            return 0;
        if (lexicon.len[h] == n && same_folded(x, w, n))
            return lexicon.mask[h];
    }
}
