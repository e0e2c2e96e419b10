/*
 * attrib.c: who voices each sentence of an article (its source) and which
 * treaty it is about (its target), by rules rather than learning.  The
 * article is tokenised once, with quotation state carried from sentence to
 * sentence.  A first pass collects what the article names: capitalised
 * runs become people and organisations (titles such as "Secretary General"
 * stripped, roles such as "spokesman" remembered), and runs holding a word
 * such as Treaty, Accord or Pact, or an acronym defined for one, become
 * treaty names, grouped so that "New START" and "the New Strategic Arms
 * Reduction Treaty" are one treaty.  A second pass finds each sentence's
 * speaker from speech verbs ("X said", "said X", "X, a ..., warned"),
 * "according to X" and "X: ...", resolving "he", "the ministry" and "the
 * spokesman" to what came before and giving every sentence of a multi-
 * sentence quotation its speaker.  Beyond speech verbs it takes the
 * subjects of verbs of stance ("NATO does not recognise") and, failing all
 * else, of stance shown by an action ("Greece expelled"); groups and
 * bodies the article does not name are given as written ("Regional
 * analysts", "the Georgian president"), lists whole, reporting chains to
 * the one quoted, and a transcript's turns ("Q:", "A:", "MR MILLER:") to
 * their speaker.  Rules carry a short name in brackets in the comments
 * ([list], [chain], [turn], ...), as the README lists them.  A third pass
 * finds the target: a treaty named in the sentence, else the last one for
 * "the pact", "this Treaty" or "it".  Names are reported in the fullest
 * form the article uses.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "attrib.h"
#include "error.h"
#include "text.h"
#include "treaty_gazetteer.h"

/* Bounds that keep the quadratic steps cheap on absurd input. */
#define MAX_MENTIONS 4096
#define MENTION_CHAINS 1024
#define MAX_TNAMES 512
#define MAX_NAME_TOKENS 16
#define MAX_ACRONYMS 64
#define MAX_TREATY_TOKENS 40

/* ------------------------------------------------------------ word lists */

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
    "opposed", "slammed", "blasted", "lauded", "questioned", NULL};

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
    "maintains", "reiterates", "reiterate", "confirms", "denies", "acknowledges", NULL};

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
 * count only right after a name or a pronoun. */
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

/* Abbreviations whose full stop is part of the word. */
static const char *const abbreviations[] = {
    "mr", "mrs", "ms", "dr", "sen", "gen", "lt", "col", "maj", "capt", "gov", "rep",
    "prof", "st", "jr", "sr", "corp", "inc", "ltd", "co", "adm", "sgt", "cmdr", "rev",
    "hon", "pres", "supt", "jan", "feb", "aug", "sept", "sep", "oct", "nov", "dec", "no",
    "vs", "al", NULL};

/* Every word list above, so that one lookup answers for all of them: the
 * lexicon maps a word (ASCII case folded) to the set of lists that hold
 * it, as a bit mask, list LX_name being bit 1 << LX_name (LEX(name), known
 * when the code is compiled).  win(a, i, name) and in_list_n(w, n, name)
 * take a list by name, so only lists of the lexicon can be asked. */
#define LEXICON(X)                                                                           \
    X(speech_verbs) X(strict_verbs) X(aux_words) X(time_nouns) X(passive_words) X(weekdays)   \
    X(months) X(titles) X(title_modifiers) X(org_words) X(geo_words) X(role_nouns)            \
    X(doc_nouns) X(org_nouns) X(body_nouns) X(prepositions) X(org_preps) X(function_words)    \
    X(colon_labels) X(treaty_words) X(treaty_nouns) X(treaty_plurals) X(indefinites)          \
    X(definites) X(modal_words) X(treaty_links) X(name_links) X(caps_stop) X(known_acronyms)  \
    X(pronouns_person) X(pronouns_thing) X(pronouns_self) X(relatives) X(clause_words)        \
    X(abbreviations) X(stance_verbs) X(action_verbs) X(people_nouns) X(chain_verbs)          \
    X(data_nouns) X(question_labels) X(answer_labels) X(back_nouns) X(treaty_first_words)     \
    X(treaty_lower_first_words)                                                           \
    X(vague_modifiers) X(signoff_words)

enum lexicon_id {
#define LEX_ID(list) LX_##list,
    LEXICON(LEX_ID)
#undef LEX_ID
    LX_COUNT
};
_Static_assert(LX_COUNT <= 64, "a lexicon mask has 64 bits");

#define LEX(list) ((uint64_t)1 << LX_##list)

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
static const unsigned char fold_table[256] = {
#define F4(c) c, c + 1, c + 2, c + 3
#define F16(c) F4(c), F4(c + 4), F4(c + 8), F4(c + 12)
    F16(0), F16(16), F16(32), F16(48), '@', F4('a'), F4('e'), F4('i'), F4('m'), F4('q'),
    F4('u'), 'y', 'z', '[', '\\', ']', '^', '_', F16(96), F16(112), F16(128), F16(144),
    F16(160), F16(176), F16(192), F16(208), F16(224), F16(240)
#undef F16
#undef F4
};

static unsigned char fold(unsigned char c) { return fold_table[c]; }

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
static uint64_t lexicon_mask(const char *w, size_t n)
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

/* ------------------------------------------------------------------ types */

enum {
    F_WORD = 1u << 0,   /* letters or digits */
    F_CAP = 1u << 1,    /* starts with a capital */
    F_UPPER = 1u << 2,  /* two or more letters, all capitals */
    F_LOWER = 1u << 3,  /* starts with a lower-case letter */
    F_QOPEN = 1u << 4,  /* opening quotation mark */
    F_QCLOSE = 1u << 5, /* closing quotation mark */
    F_POSS = 1u << 6,   /* followed by a possessive 's, which is not in the token */
    F_INQ = 1u << 7,    /* inside a quotation */
    F_COMMON = 1u << 8, /* capitalised by position only */
    F_TREATY = 1u << 9, /* part of a treaty name */
    F_PLPOSS = 1u << 10, /* a plural possessive, apostrophe kept: Farmers' */
    F_SHOUT = 1u << 11,  /* in a headline whose capitals mean nothing */
    F_INITIAL = 1u << 12 /* first word of a sentence, quotation or clause after a colon */
};

typedef struct atok {
    size_t s, e;     /* bytes of the token */
    unsigned flags;
    char p;          /* the ASCII punctuation mark, '-' for dashes, 0 for words */
    bool lex_done;   /* lex holds the word's lexicon mask */
    uint64_t lex;
} atok;

typedef struct asent {
    size_t t0, t1;       /* tokens [t0, t1) */
    size_t r0, r1;       /* name runs [r0, r1) */
    size_t tr0, tr1;     /* treaty references [tr0, tr1), once sorted */
    bool para;           /* first sentence of a paragraph */
    bool q_start, q_end; /* inside a quotation before the first / after the last token */
    bool has_quote;
    bool shout;          /* capitals carry no meaning: headline in capitals or title case */
} asent;

enum { K_NONE = 0, K_PERSON = 1, K_ORG = 2 };

/* A capitalised run and the entity it names (titles stripped). */
typedef struct arun {
    size_t a, b;        /* tokens [a, b) */
    size_t na, nb;      /* the name inside it */
    int kind;
    long mention;       /* index into mentions, or -1 */
} arun;

typedef struct mention {
    char *name;
    size_t len, words;  /* bytes and words of name */
    uint64_t first, last; /* hashes of the first and last word, any case */
    size_t sent;
    int kind;
    char role[64];      /* lower-case titles and role nouns, space-separated */
    uint64_t name_words, role_words; /* one bit per word hash: a quick "may hold" */
    int32_t next_first, next_last;   /* the previous mention with the same edge hash */
} mention;

/* A treaty name as written; names of one treaty share a union-find root. */
typedef struct tname {
    char *name;
    char *acro;         /* acronym defined for it, or NULL */
    size_t parent;
    bool weak;          /* seen only in a headline in capitals */
    unsigned gaz;       /* 1 + its index in treaty_entries when the gazetteer named it */
    unsigned rank;      /* gazetteer: 0 a name as written, 1 the agreement's name */
    size_t uses;        /* times the article writes it */
    uint64_t bits;      /* one bit per distinctive word's hash: share_word's quick "no" */
    uint64_t hash;      /* hash_ci of name */
} tname;

typedef struct tref {
    size_t sent, pos, name;  /* sentence, first token, tname index */
} tref;

/* An open-addressing set of words, each slot a token index + 1. */
typedef struct wset {
    size_t *slot;
    size_t cap;
} wset;

/* A pending acronym defined for a name without a treaty word, such as
 * "Joint Comprehensive Plan of Action (JCPOA)". */
typedef struct acrodef {
    char *acro, *full;
} acrodef;

typedef struct article {
    const char *s;
    size_t len;
    atok *t;
    size_t nt, tcap;
    asent *sn;
    size_t ns;
    arun *r;
    size_t nr, rcap;
    mention *m;
    size_t nm, mcap;
    /* chains of mentions by first and last word hash, newest first, for
     * the first nm_indexed mentions */
    int32_t head_first[MENTION_CHAINS], head_last[MENTION_CHAINS];
    size_t nm_indexed;
    tname *tn;
    size_t ntn, tncap;
    size_t *tn_slot;    /* tname index + 1 by case-insensitive name hash */
    size_t tn_slots;
    tref *tr;
    size_t ntr, trcap;
    acrodef *ad;
    size_t nad, adcap;
    wset lower;         /* words seen in lower case */
    wset caps;          /* words seen capitalised where capitals mean something */
    bool speech;        /* the verb whose subject is sought is a speech verb */
    size_t verb;        /* that verb's token, or (size_t)-1 */
    bool by_action;     /* the last source found was an action's subject */
    bool oom;
} article;

/* Outcome of looking for a speaker. */
typedef enum { R_NONE, R_GENERIC, R_FOUND } rkind;

typedef struct sres {
    rkind r;
    char *name;         /* malloc'd when R_FOUND */
    int kind;
} sres;

/* Per-sentence state of the source pass. */
typedef struct sstate {
    const char *last_person;
    size_t person_sent;  /* the sentence last_person spoke in */
    const char *last_org;
    bool spoke;          /* last_person has spoken at all */
    const char *speaker; /* the last person found by speech, not by an action */
    size_t speaker_sent;
} sstate;

/* -------------------------------------------------------------- helpers */

static bool grow(article *a, void **v, size_t *cap, size_t n, size_t elem)
{
    if (n < *cap)
        return true;
    size_t c = *cap ? *cap * 2 : 64;
    void *p = c > SIZE_MAX / elem ? NULL : realloc(*v, c * elem);
    if (p == NULL) {
        a->oom = true;
        return false;
    }
    *v = p;
    *cap = c;
    return true;
}

static size_t decode_at(const char *s, size_t i, size_t end, int32_t *cp)
{
    size_t k = i < end ? text_decode((const unsigned char *)s + i, end - i, cp) : 0;
    if (k == 0) {
        *cp = i < end ? 0xFFFD : 0;
        k = 1;
    }
    return k;
}

static int32_t peek(const char *s, size_t i, size_t end)
{
    int32_t cp = 0;
    if (i < end)
        decode_at(s, i, end, &cp);
    return cp;
}

static bool is_digit(int32_t cp)
{
    if (cp < 0x80)
        return cp >= '0' && cp <= '9';
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_ND;
}

static bool is_wordch(int32_t cp)
{
    return text_is_letter(cp) || is_digit(cp);
}

static const char *ttext(const article *a, size_t i)
{
    return a->s + a->t[i].s;
}

static size_t tlen(const article *a, size_t i)
{
    return a->t[i].e - a->t[i].s;
}

static int lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? c | 0x20 : c;
}

/* Is w[0..n) a word of one of the lists in bits (LEX), in any case? */
static bool in_lexicon(const char *w, size_t n, uint64_t bits)
{
    return (lexicon_mask(w, n) & bits) != 0;
}
#define in_list_n(w, n, list) in_lexicon(w, n, LEX(list))

/* Is token i a word of one of the lists in bits?  Each token remembers its
 * lexicon mask (the memo lives in the article, which only this module
 * touches), since the same tokens are tested against the lists many
 * times. */
static bool win_lexicon(const article *ca, size_t i, uint64_t bits)
{
    if (i >= ca->nt || !(ca->t[i].flags & F_WORD))
        return false;
    atok *t = &((article *)ca)->t[i]; /* the memo is a cache, not content */
    if (!t->lex_done) {
        t->lex = lexicon_mask(ttext(ca, i), tlen(ca, i));
        t->lex_done = true;
    }
    return (t->lex & bits) != 0;
}
#define win(a, i, list) win_lexicon(a, i, LEX(list))

static bool weq(const article *a, size_t i, const char *w)
{
    return i < a->nt && (a->t[i].flags & F_WORD) &&
           lower((unsigned char)ttext(a, i)[0]) == lower((unsigned char)w[0]) &&
           tlen(a, i) == strlen(w) && strncasecmp(ttext(a, i), w, tlen(a, i)) == 0;
}

static bool is_punct(const article *a, size_t i, char c)
{
    return i < a->nt && a->t[i].p == c;
}

/* A capitalised word that is part of a name, not capitalised by position. */
static bool is_nameword(const article *a, size_t i)
{
    if (i >= a->nt)
        return false;
    unsigned f = a->t[i].flags;
    return (f & F_WORD) && (f & (F_CAP | F_UPPER)) && !(f & F_COMMON);
}

static bool is_lowerword(const article *a, size_t i)
{
    return i < a->nt && (a->t[i].flags & (F_WORD | F_LOWER)) == (F_WORD | F_LOWER);
}

/* A lower-case word, or one capitalised only by its position. */
static bool is_plainword(const article *a, size_t i)
{
    return is_lowerword(a, i) ||
           (i < a->nt && (a->t[i].flags & (F_WORD | F_COMMON)) == (F_WORD | F_COMMON));
}

/* ------------------------------------------------------------ tokeniser */

typedef struct qstate {
    bool dq, sq;  /* inside double / single quotation marks */
} qstate;

static bool abbreviation(const char *w, size_t n)
{
    return in_list_n(w, n, abbreviations);
}

/* ASCII letters and digits, by kind (0 for every other byte). */
enum { AK_LOWER = 1, AK_UPPER = 2, AK_DIGIT = 4 };
static const unsigned char ascii_kind[256] = {
    ['a' ... 'z'] = AK_LOWER, ['A' ... 'Z'] = AK_UPPER, ['0' ... '9'] = AK_DIGIT};

/* Set t's case flags from the word's first code point and letter counts. */
static void word_flags(atok *t, int32_t first, unsigned letters, unsigned up, unsigned low)
{
    t->p = 0;
    t->flags |= F_WORD;
    if ((uint32_t)first < 0x80 ? ascii_kind[first] == AK_UPPER : text_is_upper(first))
        t->flags |= F_CAP;
    else if ((uint32_t)first < 0x80 ? ascii_kind[first] == AK_LOWER : text_is_lower(first))
        t->flags |= F_LOWER;
    if (letters >= 2 && low == 0 && up >= 2)
        t->flags |= F_UPPER;
}

static bool ascii_alnum(unsigned char c)
{
    return ascii_kind[c] != 0;
}

/* Scan a word from i; fills t and returns the byte after it (and after a
 * possessive 's, which the token leaves out). */
static size_t scan_word(const article *a, size_t i, size_t end, const qstate *q, atok *t)
{
    const char *s = a->s;
    size_t j = i, seg = 0, next = 0;
    unsigned up = 0, low = 0, letters = 0;
    bool dotted = false;
    int32_t first = 0, last = 0;
    t->s = i;
    while (j < end) {
        unsigned kind = ascii_kind[(unsigned char)s[j]];
        if (kind != 0) { /* the common case, a run of ASCII letters and digits */
            size_t j0 = j;
            unsigned aup = 0, alow = 0;
            do {
                aup += kind >> 1 & 1;
                alow += kind & 1;
            } while (++j < end && (kind = ascii_kind[(unsigned char)s[j]]) != 0);
            if (first == 0)
                first = (unsigned char)s[j0];
            last = (unsigned char)s[j - 1];
            seg += j - j0;
            up += aup;
            low += alow;
            letters += aup + alow;
            continue;
        }
        unsigned char c = (unsigned char)s[j];
        if (c < 0x80 && c != '\'' && c != '-' && c != '.')
            break; /* ASCII that is not a letter, a digit or a mark handled below */
        int32_t cp;
        size_t k = decode_at(s, j, end, &cp);
        int32_t nx = peek(s, j + k, end);
        if (is_wordch(cp)) {
            if (first == 0)
                first = cp;
            if (text_is_letter(cp)) {
                letters++;
                up += text_is_upper(cp);
                low += text_is_lower(cp);
            }
            last = cp;
            seg++;
            j += k;
        } else if ((cp == '\'' || cp == 0x2019) && (nx == 's' || nx == 'S') &&
                   !is_wordch(peek(s, j + k + 1, end))) {
            next = j + k + 1; /* Russia's */
            break;
        } else if ((cp == '\'' || cp == 0x2019) && text_is_letter(nx)) {
            j += k; /* O'Connell, don't */
        } else if ((cp == '\'' || cp == 0x2019) && (last == 's' || last == 'S') && !q->sq &&
                   !is_wordch(nx)) {
            t->flags |= F_PLPOSS; /* the Farmers' Council */
            j += k;
            next = j;
            break;
        } else if ((cp == '-' || cp == 0x2010 || cp == 0x2011 || cp == 0x2013) &&
                   is_wordch(nx)) {
            seg = 0;
            j += k;
        } else if (cp == '.' && seg == 1 &&
                   (text_is_letter(nx) ||
                    (dotted && nx == '-' && is_wordch(peek(s, j + k + 1, end))))) {
            dotted = true; /* U.S., U.S.-Japan */
            seg = 0;
            j += k;
        } else {
            break;
        }
    }
    t->e = j;
    if (next) {
        t->flags |= F_POSS;
    } else if (j < end && s[j] == '.' &&
               (dotted || (letters == 1 && text_is_upper(first)) || abbreviation(s + i, j - i))) {
        t->e = ++j;
    }
    word_flags(t, first, letters, up, low);
    return next ? next : j;
}

/* Decide what a quotation mark at s[i] (code point cp, k bytes) does:
 * F_QOPEN, F_QCLOSE, or 0 for an apostrophe standing alone.  Curly and
 * angle marks say which they are; a straight " opens after a space and
 * closes before one; a right double mark after a space opens (some texts
 * use it both ways); single marks open after a space and close only an
 * open single quotation. */
static unsigned quote_kind(const article *a, size_t i, size_t k, size_t start, size_t end,
                           int32_t cp, qstate *q)
{
    int32_t prev = 0, next = peek(a->s, i + k, end);
    if (i > start) {
        size_t b = i - 1;
        while (b > start && ((unsigned char)a->s[b] & 0xC0) == 0x80)
            b--;
        decode_at(a->s, b, end, &prev);
    }
    bool after_space = i == start || text_is_space(prev) || prev == '(' || prev == '[' ||
                       prev == 0x2014 || prev == 0x2013;
    bool before_space = i + k >= end || text_is_space(next);
    bool open;
    if (cp == 0x201C || cp == 0x201E || cp == 0x00AB)
        open = true;
    else if (cp == '"')
        open = after_space || (!before_space && !q->dq);
    else if (cp == 0x201D)
        open = !q->dq && after_space && !before_space;
    else if (cp == 0x00BB)
        open = false;
    else if (cp == 0x2018 || (after_space && !before_space)) {
        q->sq = true;
        return F_QOPEN;
    } else if (q->sq) {
        q->sq = false;
        return F_QCLOSE;
    } else {
        return 0;
    }
    q->dq = open;
    return open ? F_QOPEN : F_QCLOSE;
}

static bool is_quote_cp(int32_t cp)
{
    return cp == '"' || cp == 0x201C || cp == 0x201D || cp == 0x201E || cp == 0x00AB ||
           cp == 0x00BB || cp == 0x2018 || cp == 0x2019 || cp == '\'';
}

static bool push_tok(article *a, const atok *t)
{
    if (!grow(a, (void **)&a->t, &a->tcap, a->nt, sizeof *a->t))
        return false;
    a->t[a->nt] = *t;
    a->t[a->nt].lex_done = false;
    a->nt++;
    return true;
}

/* Tokenise the sentence s[start, end), appending to a->t. */
static void tokenize_sentence(article *a, size_t start, size_t end, qstate *q)
{
    size_t i = start;
    q->sq = false;
    while (i < end && !a->oom) {
        unsigned char c = (unsigned char)a->s[i];
        if (c == ' ') {
            i++;
            continue;
        }
        atok t = {0};
        int32_t cp = c;
        size_t k = 1;
        if (!ascii_alnum(c)) /* else a word: no need to decode */
            k = decode_at(a->s, i, end, &cp);
        if (text_is_space(cp) || cp == 0xFFFD) {
            i += k;
            continue;
        }
        if (is_wordch(cp)) {
            i = scan_word(a, i, end, q, &t);
        } else if (is_quote_cp(cp)) {
            t.s = i;
            t.e = i + k;
            t.flags = quote_kind(a, i, k, start, end, cp, q);
            t.p = '"';
            i += k;
            if (t.flags == 0)
                continue;
        } else {
            t.s = i;
            t.e = i + k;
            t.p = cp < 0x80 ? (char)cp : (cp == 0x2013 || cp == 0x2014) ? '-' : '?';
            i += k;
        }
        if ((q->dq || q->sq) && !(t.flags & (F_QOPEN | F_QCLOSE)))
            t.flags |= F_INQ;
        push_tok(a, &t);
    }
}

/* A blank line between two sentences starts a paragraph. */
static bool blank_line_between(const char *s, size_t a, size_t b)
{
    unsigned nl = 0;
    for (size_t i = a; i < b; i++) {
        if (s[i] == '\n')
            nl++;
        else if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            nl = 0;
        if (nl >= 2)
            return true;
    }
    return false;
}

static void tokenize_article(article *a, const stance_span *spans, size_t count)
{
    qstate q = {false, false};
    for (size_t i = 0; i < count && !a->oom; i++) {
        asent *sn = &a->sn[i];
        sn->para = i == 0 || spans[i].start < spans[i - 1].end ||
                   blank_line_between(a->s, spans[i - 1].end, spans[i].start);
        if (sn->para)
            q.dq = false;
        sn->q_start = q.dq;
        sn->t0 = a->nt;
        tokenize_sentence(a, spans[i].start, spans[i].end, &q);
        sn->t1 = a->nt;
        sn->q_end = q.dq;
        for (size_t t = sn->t0; t < sn->t1; t++)
            if (a->t[t].flags & (F_QOPEN | F_QCLOSE))
                sn->has_quote = true;
    }
}

/* ------------------------------------------------ capitalisation context */

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

/* Case-insensitive (ASCII) hash of w[0..n). */
static uint64_t hash_ci(const char *w, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        h = (h ^ (c >= 'A' && c <= 'Z' ? c + 32u : c)) * 1099511628211ull;
    }
    return h;
}

/* Hashes of the first and last space-separated words of name. */
static void edge_hashes(const char *name, size_t len, uint64_t *first, uint64_t *last)
{
    const char *sp = memchr(name, ' ', len), *lp = name + len;
    while (lp > name && lp[-1] != ' ')
        lp--;
    *first = hash_ci(name, sp ? (size_t)(sp - name) : len);
    *last = hash_ci(lp, (size_t)(name + len - lp));
}

/* The next space-separated word of *s: its start, with its length in *n,
 * or NULL at the end.  *s moves past it. */
static const char *next_word(const char **s, size_t *n)
{
    const char *p = *s;
    while (*p == ' ')
        p++;
    const char *b = p;
    while (*p && *p != ' ')
        p++;
    *s = p;
    *n = (size_t)(p - b);
    return p > b ? b : NULL;
}

/* One bit per distinct word hash of the space-separated words of s. */
static uint64_t word_bits(const char *s)
{
    uint64_t bits = 0;
    size_t n;
    for (const char *b; (b = next_word(&s, &n)) != NULL;)
        bits |= (uint64_t)1 << (hash_ci(b, n) & 63);
    return bits;
}

/* Fill w with the distinct words of the tokens that keep selects. */
static void wset_build(article *a, wset *w, bool (*keep)(const article *, size_t))
{
    size_t n = 0;
    for (size_t i = 0; i < a->nt; i++)
        n += keep(a, i);
    w->cap = 16;
    while (w->cap < 2 * n + 16)
        w->cap *= 2;
    w->slot = calloc(w->cap, sizeof *w->slot);
    if (w->slot == NULL) {
        a->oom = true;
        return;
    }
    for (size_t i = 0; i < a->nt; i++) {
        if (!keep(a, i))
            continue;
        size_t h = (size_t)hash_bytes(ttext(a, i), tlen(a, i)) & (w->cap - 1);
        while (w->slot[h] != 0) {
            size_t o = w->slot[h] - 1;
            if (tlen(a, o) == tlen(a, i) && memcmp(ttext(a, o), ttext(a, i), tlen(a, i)) == 0)
                break;
            h = (h + 1) & (w->cap - 1);
        }
        w->slot[h] = i + 1;
    }
}

static bool wset_has(const article *a, const wset *w, const char *s, size_t n)
{
    if (w->slot == NULL)
        return false;
    size_t h = (size_t)hash_bytes(s, n) & (w->cap - 1);
    while (w->slot[h] != 0) {
        size_t o = w->slot[h] - 1;
        if (tlen(a, o) == n && memcmp(ttext(a, o), s, n) == 0)
            return true;
        h = (h + 1) & (w->cap - 1);
    }
    return false;
}

/* Does the lower-case form of capitalised token i appear in the article? */
static bool seen_lower(const article *a, size_t i)
{
    char buf[64];
    size_t n = tlen(a, i);
    if (n >= sizeof buf - 4)
        return false;
    int32_t cp;
    size_t k = decode_at(ttext(a, i), 0, n, &cp);
    utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_tolower(cp), (utf8proc_uint8_t *)buf);
    if (m <= 0)
        return false;
    memcpy(buf + m, ttext(a, i) + k, n - k);
    return wset_has(a, &a->lower, buf, (size_t)m + n - k);
}

/* Flag the words that open a sentence, a quotation or a clause after a
 * colon, where a capital says nothing. */
static void mark_initial(article *a, const asent *sn)
{
    bool initial = true;
    for (size_t i = sn->t0; i < sn->t1; i++) {
        atok *t = &a->t[i];
        if (t->flags & F_WORD) {
            if (initial)
                t->flags |= F_INITIAL;
            initial = false;
        } else if (t->flags & F_QOPEN || t->p == ':' || t->p == '-' || t->p == '(') {
            initial = true;
        }
    }
}

static bool keep_inner_caps(const article *a, size_t i)
{
    return (a->t[i].flags & (F_WORD | F_CAP | F_INITIAL)) == (F_WORD | F_CAP);
}

/* A capitalised plural of a noun for people opening a sentence and never
 * capitalised elsewhere ("Observers noted", "Economists said") is a
 * common noun; "Klaus" and "James" are not plurals of that shape. */
static bool initial_plural(const article *a, size_t i)
{
    static const char *const endings[] = {
        "ers", "ors", "ists", "ysts", "ants", "ents", "ians", "ics", "als", "ats", "rts",
        "ees", "ives", NULL};
    const char *w = ttext(a, i);
    size_t n = tlen(a, i);
    if (n < 5 || wset_has(a, &a->caps, w, n))
        return false;
    for (const char *const *e = endings; *e; e++) {
        size_t k = strlen(*e);
        if (strncmp(w + n - k, *e, k) == 0)
            return true;
    }
    return false;
}

/* [opener-not-name] A capitalised participle opening a sentence and never
 * capitalised elsewhere ("Echoing", "Regarding", "Published") is an
 * ordinary word, as are the opening words above it; so is a weekday
 * ("Thursday's vote"). */
static bool initial_participle(const article *a, size_t i)
{
    const char *w = ttext(a, i);
    size_t n = tlen(a, i);
    if (n < 5 || wset_has(a, &a->caps, w, n))
        return false;
    if (strncmp(w + n - 3, "ing", 3) != 0 && strncmp(w + n - 2, "ed", 2) != 0)
        return false;
    /* followed by an object or a date, not a verb: "Echoing the", "Published 22",
     * "Regarding Iran," but "Beijing welcomes" */
    size_t k = i + 1;
    if (k >= a->nt)
        return false;
    if (a->t[k].p == ',' || is_digit(peek(ttext(a, k), 0, tlen(a, k))))
        return true;
    return win(a, k, definites) || weq(a, k, "a") || weq(a, k, "an") ||
           ((win(a, k, prepositions) || weq(a, k, "about")) && !weq(a, k, "on") &&
            !weq(a, k, "in"));
}

/* Mark opening capitalised words that are ordinary words. */
static void mark_common(article *a, const asent *sn)
{
    for (size_t i = sn->t0; i < sn->t1; i++) {
        atok *t = &a->t[i];
        if ((t->flags & F_INITIAL) && (t->flags & F_CAP) && !(t->flags & F_UPPER) &&
            (win(a, i, function_words) || seen_lower(a, i) || initial_plural(a, i) ||
             initial_participle(a, i) || win(a, i, weekdays)))
            t->flags |= F_COMMON;
    }
}

/* A headline in capitals or in title case: capitals say nothing there.
 * Title case: most words capitalised and every lower-case one a function
 * word ("Reagan Orders Tariffs on Japanese Electronics in Chip Pact
 * Dispute"). */
static bool detect_shout(const article *a, const asent *sn)
{
    size_t words = 0, upper = 0, caps = 0, fcaps = 0;
    bool plain_lower = false;
    for (size_t i = sn->t0; i < sn->t1; i++) {
        if (!(a->t[i].flags & F_WORD) || !text_is_letter(peek(ttext(a, i), 0, tlen(a, i))))
            continue;
        words++;
        upper += (a->t[i].flags & F_UPPER) != 0 || (tlen(a, i) == 1 && (a->t[i].flags & F_CAP));
        caps += (a->t[i].flags & F_CAP) != 0;
        if (i > sn->t0 && (a->t[i].flags & F_CAP) && win(a, i, function_words))
            fcaps++;
        if (is_lowerword(a, i) && !win(a, i, function_words) && !win(a, i, prepositions))
            plain_lower = true;
    }
    if (words < 3)
        return false;
    if (upper * 10 >= words * 8)
        return true;
    return caps * 10 >= words * 7 && (fcaps >= 1 || (words >= 5 && !plain_lower));
}

/* ------------------------------------------------------------ name runs */

/* Does the run starting at token i (a name word) continue through "and"
 * into an organisation name (Japan Iron and Steel Federation)? */
static bool and_joins_org(const article *a, size_t i, size_t end)
{
    for (size_t j = i; j < end && is_nameword(a, j); j++)
        if (win(a, j, org_words))
            return true;
    return false;
}

/* May the run [i, b) go on through link word b to the name word at n?
 * "of" and "for" join institutions and places (Ministry of Foreign
 * Affairs, Kingdom of Sweden), not a person to an employer (Prof. Liu
 * Jianguo of the Institute ...). */
static bool link_ok(const article *a, size_t i, size_t b, size_t n, size_t end)
{
    if (weq(a, b, "and")) {
        for (size_t k = i; k + 1 < b; k++)
            if (win(a, k, org_words) && (weq(a, k + 1, "of") || weq(a, k + 1, "for")))
                return true; /* Ministry of International Trade and Industry */
        return and_joins_org(a, n, end);
    }
    if (!win(a, b, name_links) || weq(a, b, "the"))
        return false;
    if (!weq(a, b, "of") && !weq(a, b, "for"))
        return is_lowerword(a, b); /* de, van, bin, al */
    if (b - i == 1)
        return true;
    for (size_t k = i; k < b; k++)
        if (win(a, k, org_words) || win(a, k, geo_words))
            return true;
    return false;
}

/* The end of the name run starting at name word i, within [i, end). */
static size_t run_end(const article *a, size_t i, size_t end)
{
    size_t b = i + 1;
    while (b < end && b - i < MAX_NAME_TOKENS && !(a->t[b].flags & F_TREATY)) {
        unsigned pf = a->t[b - 1].flags;
        if ((pf & F_POSS) && !((pf & F_PLPOSS) && is_nameword(a, b)))
            break;
        if (is_nameword(a, b)) {
            b++;
            continue;
        }
        size_t n = b + 1;
        if ((weq(a, b, "of") || weq(a, b, "for")) && weq(a, n, "the"))
            n++;
        if (n < end && is_nameword(a, n) && !(a->t[n].flags & F_TREATY) &&
            link_ok(a, i, b, n, end)) {
            b = n + 1;
            continue;
        }
        break;
    }
    return b;
}

static void append_lower(char *dst, size_t cap, const char *w, size_t n)
{
    size_t used = strlen(dst);
    if (used + n + 2 > cap)
        return;
    if (used)
        dst[used++] = ' ';
    for (size_t i = 0; i < n; i++)
        dst[used++] = (char)((w[i] >= 'A' && w[i] <= 'Z') ? w[i] + 32 : w[i]);
    dst[used] = '\0';
}

static bool is_title(const article *a, size_t i)
{
    return (a->t[i].flags & (F_CAP | F_UPPER)) && win(a, i, titles);
}

/* Strip the titles from run r if it is a titled person ("NATO Secretary
 * General Jens Stoltenberg"); true if it is. */
static bool strip_titles(const article *a, arun *r, char *role, size_t rolecap)
{
    size_t last = r->b;
    for (size_t i = r->a; i < r->b; i++)
        if (is_title(a, i))
            last = i;
    if (last == r->b)
        return false;
    size_t n = last + 1;
    if (weq(a, n, "of") && n + 2 < r->b && is_nameword(a, n + 1))
        n += 2; /* Secretary of State Antony Blinken */
    if (n >= r->b || !is_nameword(a, n))
        return false;
    for (size_t k = n; k < r->b; k++)
        if (win(a, k, org_words) || weq(a, k, "of") || weq(a, k, "for"))
            return false;
    for (size_t k = r->a; k <= last; k++)
        if (is_title(a, k) || win(a, k, title_modifiers))
            append_lower(role, rolecap, ttext(a, k), tlen(a, k));
    r->na = n;
    r->kind = K_PERSON;
    return true;
}

/* [name-after-body] "Chairman of the Duma Committee on International
 * Affairs Leonid Slutsky", "Head of the ... Commission Ebrahim Azizi": two
 * or three plain name words after the last organisation word are a person
 * whose role is the rest. */
static bool person_after_org(const article *a, arun *r, char *role, size_t rolecap)
{
    size_t k = r->b;
    while (k > r->a && !win(a, k - 1, org_words))
        k--;
    if (k == r->a || r->b - k < 2 || r->b - k > 3 || !(is_title(a, r->a) || weq(a, r->a, "head")))
        return false;
    for (size_t i = k; i < r->b; i++)
        if ((a->t[i].flags & F_UPPER) || win(a, i, geo_words) || win(a, i, titles) ||
            win(a, i, months) || win(a, i, weekdays))
            return false;
    for (size_t i = r->a; i < k; i++)
        append_lower(role, rolecap, ttext(a, i), tlen(a, i));
    r->na = k;
    r->kind = K_PERSON;
    return true;
}

/* Classify run r: strip titles from a person's name and say whether it
 * names a person or an organisation.  A run of titles alone ("The
 * Speaker") names nobody: na == nb. */
static void classify_run(const article *a, arun *r, char *role, size_t rolecap)
{
    bool org = false, geo = false, acro = false, only_titles = true;
    r->na = r->a;
    r->nb = r->b;
    if (strip_titles(a, r, role, rolecap))
        return;
    for (size_t i = r->a; i < r->b; i++) {
        org |= win(a, i, org_words);
        geo |= win(a, i, geo_words) || win(a, i, months) || win(a, i, weekdays);
        acro |= (a->t[i].flags & F_UPPER) != 0;
        only_titles &= is_title(a, i) || win(a, i, title_modifiers);
    }
    size_t n = r->b - r->a;
    if (org && person_after_org(a, r, role, rolecap))
        return;
    if (only_titles) {
        for (size_t i = r->a; i < r->b; i++)
            append_lower(role, rolecap, ttext(a, i), tlen(a, i));
        r->na = r->nb;
        r->kind = K_PERSON;
    } else if (!org && !geo && !acro && n >= 2 && n <= 5) {
        r->kind = K_PERSON;
    } else if (!org && !geo && !acro && n == 1 && r->a > 0 && win(a, r->a - 1, role_nouns)) {
        r->kind = K_PERSON;
    } else {
        r->kind = K_ORG;
    }
}

/* Join tokens [i, j) with single spaces into a new string. */
static char *join_tokens(article *a, size_t i, size_t j)
{
    size_t n = 0;
    for (size_t k = i; k < j; k++)
        n += tlen(a, k) + 1;
    char *out = malloc(n + 1);
    if (out == NULL) {
        a->oom = true;
        return NULL;
    }
    size_t u = 0;
    for (size_t k = i; k < j; k++) {
        if (u)
            out[u++] = ' ';
        memcpy(out + u, ttext(a, k), tlen(a, k));
        u += tlen(a, k);
    }
    out[u] = '\0';
    return out;
}

/* The role a person is given around run r: a lower-case noun just before
 * it ("spokesman Dmitry Peskov"), or in an appositive on either side. */
static void run_roles(const article *a, const asent *sn, const arun *r, char *role,
                      size_t cap)
{
    if (r->a > sn->t0 && win(a, r->a - 1, role_nouns))
        append_lower(role, cap, ttext(a, r->a - 1), tlen(a, r->a - 1));
    if (r->b < sn->t1 && is_punct(a, r->b, ',')) {
        for (size_t i = r->b + 1; i < sn->t1 && i < r->b + 12 && !is_punct(a, i, ','); i++)
            if (win(a, i, role_nouns)) {
                append_lower(role, cap, ttext(a, i), tlen(a, i));
                break;
            }
    }
    if (r->a >= sn->t0 + 2 && is_punct(a, r->a - 1, ',') && win(a, r->a - 2, role_nouns))
        append_lower(role, cap, ttext(a, r->a - 2), tlen(a, r->a - 2));
}

static size_t count_words(const char *s);

static void add_mention(article *a, size_t si, arun *r, const char *role)
{
    if (a->nm >= MAX_MENTIONS || r->nb <= r->na ||
        !grow(a, (void **)&a->m, &a->mcap, a->nm, sizeof *a->m))
        return;
    mention *m = &a->m[a->nm];
    m->name = join_tokens(a, r->na, r->nb);
    if (m->name == NULL)
        return;
    m->len = strlen(m->name);
    m->words = count_words(m->name);
    edge_hashes(m->name, m->len, &m->first, &m->last);
    m->sent = si;
    m->kind = r->kind;
    size_t rn = strnlen(role, sizeof m->role - 1);
    memcpy(m->role, role, rn);
    m->role[rn] = '\0';
    m->name_words = word_bits(m->name);
    m->role_words = word_bits(m->role);
    r->mention = (long)a->nm++;
}

/* Find the name runs of sentence si and record the entities they name. */
static void collect_runs(article *a, size_t si)
{
    asent *sn = &a->sn[si];
    sn->r0 = a->nr;
    for (size_t i = sn->t0; i < sn->t1 && !a->oom;) {
        if (!is_nameword(a, i) || (a->t[i].flags & F_TREATY)) {
            i++;
            continue;
        }
        size_t b = run_end(a, i, sn->t1);
        if (!grow(a, (void **)&a->r, &a->rcap, a->nr, sizeof *a->r))
            return;
        arun *r = &a->r[a->nr++];
        *r = (arun){.a = i, .b = b, .mention = -1};
        char role[64] = "";
        classify_run(a, r, role, sizeof role);
        if (r->kind == K_PERSON)
            run_roles(a, sn, r, role, sizeof role);
        if (!sn->shout && !(a->t[i].flags & F_INQ))
            add_mention(a, si, r, role);
        i = b;
    }
    sn->r1 = a->nr;
}

/* The run of sentence sn holding token i, or NULL. */
static arun *run_at(const article *a, const asent *sn, size_t i)
{
    for (size_t k = sn->r0; k < sn->r1; k++)
        if (a->r[k].a <= i && i < a->r[k].b)
            return &a->r[k];
    return NULL;
}

/* ------------------------------------------------------- treaty names */

static bool is_treaty_word(const article *a, size_t i)
{
    return (a->t[i].flags & (F_CAP | F_UPPER)) && win(a, i, treaty_words);
}

/* Is the name word at n a place to stop a treaty name (a date)? */
static bool date_word(const article *a, size_t n)
{
    return win(a, n, months) || win(a, n, weekdays);
}

/* The end of a capitalised stretch from n (words joined by "and", "of
 * the", and treaty words: the Protocol to the North Atlantic Treaty). */
static size_t treaty_stretch(const article *a, size_t n, size_t end)
{
    while (n < end && !date_word(a, n)) {
        if (is_nameword(a, n)) {
            if (a->t[n++].flags & F_POSS)
                break;
        } else if ((weq(a, n, "and") || weq(a, n, "of")) && n + 1 < end &&
                   is_nameword(a, n + 1) && !date_word(a, n + 1)) {
            n++;
        } else if (weq(a, n, "of") && weq(a, n + 1, "the") && n + 2 < end &&
                   is_nameword(a, n + 2)) {
            n += 2;
        } else {
            break;
        }
    }
    return n;
}

/* Extend a treaty name forward from token b over "of X", "on the X",
 * "establishing a X".  A stretch after "the" that only modifies a
 * following noun ("on the White House lawn") is not part of the name. */
static size_t treaty_forward(const article *a, size_t b, size_t end)
{
    if (end > b + MAX_TREATY_TOKENS)
        end = b + MAX_TREATY_TOKENS;
    while (b < end && win(a, b, treaty_links)) {
        size_t n = b + 1;
        bool det = weq(a, n, "the") || (weq(a, b, "establishing") && weq(a, n, "a"));
        if (det)
            n++;
        if (n >= end || !is_nameword(a, n) || date_word(a, n))
            break;
        size_t e = treaty_stretch(a, n, end);
        if (det && e < end && is_lowerword(a, e) && !win(a, e, function_words) &&
            !win(a, e, treaty_links) && !win(a, e, prepositions))
            break;
        b = e;
        if (a->t[b - 1].flags & F_POSS)
            break;
    }
    return b;
}

/* The extent [*pa, *pb) of the treaty name around treaty word k of
 * sentence sn; false if the word stands alone ("this Treaty"). */
static bool treaty_extent(const article *a, const asent *sn, size_t k, size_t *pa, size_t *pb)
{
    size_t j = k;
    while (j > sn->t0 && k - j < MAX_NAME_TOKENS) {
        size_t p = j - 1;
        if (is_nameword(a, p) && !(a->t[p].flags & (F_POSS | F_TREATY)) && !date_word(a, p)) {
            j = p;
        } else if (weq(a, p, "and") && p > sn->t0 && is_nameword(a, p - 1) &&
                   !is_treaty_word(a, p - 1) && !(a->t[p - 1].flags & F_POSS)) {
            j = p - 1;
        } else {
            break;
        }
    }
    size_t b = k + 1;
    if (b < sn->t1 && is_nameword(a, b) && win(a, b, org_words))
        return false; /* North Atlantic Treaty Organization */
    if (!(a->t[k].flags & F_POSS))
        b = treaty_forward(a, b, sn->t1);
    *pa = j;
    *pb = b;
    return j < k || b > k + 1;
}

static uint64_t distinctive_bits(const char *name);

/* Make room in the name table for one more name: rehash when half full. */
static bool tn_table_grow(article *a)
{
    if (2 * (a->ntn + 1) <= a->tn_slots)
        return true;
    size_t cap = a->tn_slots ? 2 * a->tn_slots : 64;
    size_t *slot = calloc(cap, sizeof *slot);
    if (slot == NULL) {
        a->oom = true;
        return false;
    }
    for (size_t i = 0; i < a->ntn; i++) {
        size_t h = (size_t)a->tn[i].hash & (cap - 1);
        while (slot[h] != 0)
            h = (h + 1) & (cap - 1);
        slot[h] = i + 1;
    }
    free(a->tn_slot);
    a->tn_slot = slot;
    a->tn_slots = cap;
    return true;
}

static long add_tname(article *a, char *name, bool weak)
{
    if (name == NULL)
        return -1;
    uint64_t hash = hash_ci(name, strlen(name));
    if (!tn_table_grow(a)) {
        free(name);
        return -1;
    }
    size_t h = (size_t)hash & (a->tn_slots - 1);
    for (; a->tn_slot[h] != 0; h = (h + 1) & (a->tn_slots - 1)) {
        tname *t = &a->tn[a->tn_slot[h] - 1];
        if (t->hash == hash && strcasecmp(t->name, name) == 0) {
            t->weak &= weak;
            t->uses++;
            free(name);
            return (long)(a->tn_slot[h] - 1);
        }
    }
    if (a->ntn >= MAX_TNAMES || !grow(a, (void **)&a->tn, &a->tncap, a->ntn, sizeof *a->tn)) {
        free(name);
        return -1;
    }
    a->tn[a->ntn] = (tname){.name = name, .parent = a->ntn, .weak = weak, .uses = 1,
                            .bits = distinctive_bits(name), .hash = hash};
    a->tn_slot[h] = a->ntn + 1;
    return (long)a->ntn++;
}

static void add_tref(article *a, size_t si, size_t pos, long name)
{
    if (name < 0 || !grow(a, (void **)&a->tr, &a->trcap, a->ntr, sizeof *a->tr))
        return;
    a->tr[a->ntr++] = (tref){si, pos, (size_t)name};
}

static int tref_cmp(const void *x, const void *y)
{
    const tref *p = x, *q = y;
    if (p->sent != q->sent)
        return p->sent < q->sent ? -1 : 1;
    return p->pos < q->pos ? -1 : p->pos > q->pos;
}

/* Sort the treaty references into article order and index them by
 * sentence. */
static void index_trefs(article *a)
{
    if (a->ntr > 1)
        qsort(a->tr, a->ntr, sizeof *a->tr, tref_cmp);
    size_t k = 0;
    for (size_t i = 0; i < a->ns; i++) {
        a->sn[i].tr0 = k;
        while (k < a->ntr && a->tr[k].sent == i)
            k++;
        a->sn[i].tr1 = k;
    }
}

/* Title-case words [i, j) of a headline in capitals into a new string. */
static char *join_titlecase(article *a, size_t i, size_t j)
{
    char *s = join_tokens(a, i, j);
    if (s == NULL)
        return NULL;
    bool start = true;
    for (char *p = s; *p; p++) {
        if (*p == ' ') {
            start = true;
        } else {
            if (!start && *p >= 'A' && *p <= 'Z')
                *p = (char)(*p + 32);
            start = false;
        }
    }
    return s;
}

/* Treaty names in a headline in capitals: the treaty word and up to three
 * words before it that are not headline function words. */
static void shout_treaties(article *a, size_t si)
{
    const asent *sn = &a->sn[si];
    for (size_t k = sn->t0; k < sn->t1; k++) {
        if (!win(a, k, treaty_words) || !(a->t[k].flags & F_CAP))
            continue;
        size_t j = k;
        while (j > sn->t0 && k - j < 3 && (a->t[j - 1].flags & F_WORD) &&
               !win(a, j - 1, caps_stop) && !win(a, j - 1, treaty_words) &&
               !win(a, j - 1, speech_verbs))
            j--;
        if (j < k)
            add_tref(a, si, j, add_tname(a, join_titlecase(a, j, k + 1), true));
    }
}

/* Record "NAME (ACR)" definitions: for a treaty name directly, otherwise
 * as pending, promoted later if the article calls ACR a treaty. */
static void define_acronym(article *a, size_t na, size_t nb, size_t acr, long tn)
{
    if (tn >= 0) {
        if (a->tn[tn].acro == NULL)
            a->tn[tn].acro = join_tokens(a, acr, acr + 1);
        return;
    }
    int32_t c0 = peek(ttext(a, na), 0, tlen(a, na));
    if (c0 != (int32_t)(unsigned char)ttext(a, acr)[0])
        return; /* initials disagree: "(Reuters)" and the like */
    if (a->nad >= MAX_ACRONYMS || !grow(a, (void **)&a->ad, &a->adcap, a->nad, sizeof *a->ad))
        return;
    acrodef *d = &a->ad[a->nad];
    d->acro = join_tokens(a, acr, acr + 1);
    d->full = join_tokens(a, na, nb);
    if (d->acro && d->full)
        a->nad++;
    else {
        free(d->acro);
        free(d->full);
    }
}

static bool acronym_after(const article *a, const asent *sn, size_t b)
{
    return b + 2 < sn->t1 && is_punct(a, b, '(') && (a->t[b + 1].flags & F_UPPER) &&
           is_punct(a, b + 2, ')');
}

/* A name ending in a lower-case treaty noun, "the EU–Mercosur trade
 * agreement": a capitalised run, at most two lower-case modifiers, then
 * the noun k.  Its start, or k when there is none. */
static size_t soft_name_start(const article *a, const asent *sn, size_t k)
{
    if (!is_lowerword(a, k) || !win(a, k, treaty_nouns) || weq(a, k, "document"))
        return k;
    size_t p = k;
    while (p > sn->t0 && k - p < 2 && is_lowerword(a, p - 1) &&
           !win(a, p - 1, function_words) && !win(a, p - 1, prepositions) &&
           !win(a, p - 1, treaty_nouns) &&
           !win_lexicon(a, p - 1, LEX(speech_verbs) | LEX(action_verbs) | LEX(stance_verbs)))
        p--;
    if (p == sn->t0 || !is_nameword(a, p - 1) || (a->t[p - 1].flags & (F_POSS | F_TREATY)))
        return k;
    size_t j = p - 1;
    while (j > sn->t0 && is_nameword(a, j - 1) && !(a->t[j - 1].flags & F_POSS) &&
           p - j < MAX_NAME_TOKENS)
        j--;
    return j;
}


static bool in_words_list(const char *const *list, const char *w, size_t n);

/* A duration or count ("five-year", "10-year", "three-nation"): no topic. */
static bool numeric_word(const article *a, size_t i)
{
    static const char *const numbers[] = {
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "twelve", "fifteen", "twenty", "thirty", "fifty", "hundred", NULL};
    const char *w = ttext(a, i), *h = memchr(w, '-', tlen(a, i));
    size_t n = h ? (size_t)(h - w) : tlen(a, i);
    return is_digit(peek(w, 0, tlen(a, i))) || in_words_list(numbers, w, n);
}

/* [descriptive] "the border treaty", "its defence pact": one or two
 * modifiers that say what an unnamed treaty is about, after "the" or a
 * possessive.  Its start, or k when it is not such a name. */
static size_t descriptive_start(const article *a, const asent *sn, size_t k)
{
    if (!is_lowerword(a, k) || !win(a, k, treaty_nouns) || weq(a, k, "document") ||
        weq(a, k, "initiative") || weq(a, k, "framework"))
        return k;
    size_t p = k;
    while (p > sn->t0 && k - p < 2 && is_lowerword(a, p - 1) &&
           !win(a, p - 1, function_words) && !win(a, p - 1, prepositions) &&
           !win(a, p - 1, treaty_nouns) && !win(a, p - 1, definites) &&
           !win_lexicon(a, p - 1, LEX(speech_verbs) | LEX(action_verbs) | LEX(stance_verbs)) &&
           !win(a, p - 1, vague_modifiers) &&
           !numeric_word(a, p - 1))
        p--;
    if (p == k || p == sn->t0)
        return k;
    /* after "the", a possessive, or a verb as headlines have it ("ratifies
     * migration protocol") */
    return win(a, p - 1, definites) || (a->t[p - 1].flags & F_POSS) ||
                   (is_lowerword(a, p - 1) &&
                    win_lexicon(a, p - 1, LEX(action_verbs) | LEX(stance_verbs)))
               ? p
               : k;
}

/* Is w[0..n) one of list's words, in any ASCII case? */
static bool in_words_list(const char *const *list, const char *w, size_t n)
{
    for (; *list; list++)
        if (strlen(*list) == n && strncasecmp(*list, w, n) == 0)
            return true;
    return false;
}

static void add_treaty(article *a, size_t si, size_t ta, size_t tb, bool weak)
{
    long tn = add_tname(a, join_tokens(a, ta, tb), weak);
    add_tref(a, si, ta, tn);
    for (size_t i = ta; i < tb; i++)
        a->t[i].flags |= F_TREATY;
    if (acronym_after(a, &a->sn[si], tb))
        define_acronym(a, ta, tb, tb + 1, tn);
}

/* ---------------------------------------------------- treaty gazetteer */

static char *dup_or_oom(article *a, const char *s);

/* Does token k spell the gazetteer word w[0..n)?  A capital in w must
 * match exactly (acronyms: "START"), a lower-case letter either case;
 * "-" in w matches a hyphen or an en dash. */
static bool gaz_word(const article *a, size_t k, const char *w, size_t n)
{
    const unsigned char *t = (const unsigned char *)ttext(a, k);
    size_t tn = tlen(a, k), i = 0, j = 0;
    while (i < n && j < tn) {
        if (w[i] == '-' && j + 3 <= tn && t[j] == 0xE2 && t[j + 1] == 0x80 &&
            (t[j + 2] == 0x90 || t[j + 2] == 0x91 || t[j + 2] == 0x93)) {
            i++, j += 3;
            continue;
        }
        unsigned char c = (unsigned char)w[i];
        if (c != (c >= 'A' && c <= 'Z' ? t[j] : fold(t[j])))
            return false;
        i++, j++;
    }
    return i == n && j == tn;
}

/* How many tokens from k spell form f, or 0.  Punctuation tokens match
 * their mark; a possessive 's, which tokens leave out, is skipped. */
static size_t gaz_form(const article *a, const asent *sn, size_t k, const char *f)
{
    size_t used = 1; /* the first word matched the key already */
    f = strchr(f, ' ');
    if (f == NULL)
        return 1;
    f++;
    while (*f) {
        const char *sp = strchr(f, ' ');
        size_t n = sp ? (size_t)(sp - f) : strlen(f);
        if (k + used >= sn->t1 || !gaz_word(a, k + used, f, n))
            return 0;
        used++;
        f += n + (sp != NULL);
    }
    return used;
}

/* Index of the first form not below key[0..n) in byte order. */
static size_t gaz_lower_bound(const char *key, size_t n)
{
    size_t lo = 0, hi = treaty_nforms;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strncmp(treaty_forms[mid].words, key, n) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The longest gazetteer form at token k: its form index, with the number
 * of tokens in *len; -1 if none.  Forms are looked up by the first word
 * as written and in lower case. */
static long gaz_match(const article *a, const asent *sn, size_t k, size_t *len)
{
    char key[2][64];
    size_t n = tlen(a, k);
    long best = -1;
    bool lower_tok = (a->t[k].flags & F_LOWER) != 0;
    *len = 0;
    if (n >= sizeof key[0])
        return -1;
    const unsigned char *t = (const unsigned char *)ttext(a, k);
    size_t m = 0;
    for (size_t i = 0; i < n; i++, m++) { /* dashes as "-", as the forms have them */
        if (i + 2 < n && t[i] == 0xE2 && t[i + 1] == 0x80 &&
            (t[i + 2] == 0x90 || t[i + 2] == 0x91 || t[i + 2] == 0x93)) {
            key[0][m] = '-';
            i += 2;
        } else {
            key[0][m] = (char)t[i];
        }
        key[1][m] = (char)fold((unsigned char)key[0][m]);
    }
    n = m;
    /* capitals past the first letter ("NPT", "JCPoA"): look the word up as
     * written too; otherwise only in lower case */
    bool caps = false;
    for (size_t i = 1; i < n && !caps; i++)
        caps = key[0][i] >= 'A' && key[0][i] <= 'Z';
    for (int v = caps ? 0 : 1; v < 2; v++) {
        for (size_t i = gaz_lower_bound(key[v], n); i < treaty_nforms; i++) {
            const char *f = treaty_forms[i].words;
            if (strncmp(f, key[v], n) != 0)
                break;
            unsigned char sc = treaty_forms[i].second;
            if (sc != 0 && (k + 1 >= sn->t1 || fold((unsigned char)ttext(a, k + 1)[0]) != sc))
                continue; /* the second word cannot match */
            if ((f[n] != ' ' && f[n] != '\0') || (treaty_forms[i].cap && lower_tok) ||
                treaty_forms[i].nwords < *len || k + treaty_forms[i].nwords > sn->t1)
                continue;
            size_t got = gaz_form(a, sn, k, f);
            if (got > *len || (got == *len && got > 0 && best >= 0 &&
                               treaty_forms[best].kind == TREATY_ACRONYM &&
                               treaty_forms[i].kind != TREATY_ACRONYM)) {
                *len = got;
                best = (long)i;
            }
        }
    }
    return best;
}

/* [gazetteer] Agreements of data/treaties.tsv named in sentence si: a name
 * or short name as written, an acronym or alias (or any form in a headline
 * in capitals) as the agreement's name; all forms of one agreement are one
 * treaty, reported by the name the article writes most, else by the
 * agreement's name. */
static void gazetteer_treaties(article *a, size_t si)
{
    const asent *sn = &a->sn[si];
    for (size_t k = sn->t0; k < sn->t1 && !a->oom; k++) {
        if ((a->t[k].flags & F_TREATY) ||
            !win_lexicon(a, k, (a->t[k].flags & F_LOWER) ? LEX(treaty_lower_first_words)
                                                          : LEX(treaty_first_words)))
            continue;
        size_t n;
        long f = gaz_match(a, sn, k, &n);
        if (f < 0)
            continue;
        if (k + n < sn->t1 && is_nameword(a, k + n) && win(a, k + n, org_words))
            continue; /* North Atlantic Treaty Organization */
        const struct treaty_form *tf = &treaty_forms[f];
        bool canonical = tf->kind == TREATY_ACRONYM || tf->kind == TREATY_ALIAS || sn->shout;
        char *name = canonical ? dup_or_oom(a, treaty_entries[tf->treaty].name)
                               : join_tokens(a, k, k + n);
        long tn = add_tname(a, name, false);
        if (tn >= 0) {
            unsigned rank = canonical ? 1 : 0;
            if (a->tn[tn].gaz == 0 || rank < a->tn[tn].rank)
                a->tn[tn].rank = rank;
            a->tn[tn].gaz = tf->treaty + 1u;
        }
        add_tref(a, si, k, tn);
        for (size_t i = k; i < k + n; i++)
            a->t[i].flags |= F_TREATY;
        if (acronym_after(a, sn, k + n))
            define_acronym(a, k, k + n, k + n + 1, tn);
        k += n - 1;
    }
}

/* Named treaties of sentence si, in order. */
static void collect_treaties(article *a, size_t si)
{
    const asent *sn = &a->sn[si];
    gazetteer_treaties(a, si);
    if (sn->shout) {
        shout_treaties(a, si);
        return;
    }
    for (size_t k = sn->t0; k < sn->t1 && !a->oom; k++) {
        size_t ta, tb;
        if (a->t[k].flags & F_TREATY)
            continue; /* named by the gazetteer */
        if (!win_lexicon(a, k, LEX(treaty_words) | LEX(treaty_nouns)))
            continue; /* one lookup for the words every rule below needs */
        if (is_treaty_word(a, k) && treaty_extent(a, sn, k, &ta, &tb)) {
            add_treaty(a, si, ta, tb, false);
            k = tb - 1;
        } else if ((ta = soft_name_start(a, sn, k)) < k) {
            add_treaty(a, si, ta, k + 1, true);
        } else if ((ta = descriptive_start(a, sn, k)) < k) {
            add_treaty(a, si, ta, k + 1, true);
        }
    }
}

/* Acronyms defined for names without a treaty word. */
static void collect_other_acronyms(article *a, size_t si)
{
    const asent *sn = &a->sn[si];
    for (size_t k = sn->t0; k + 2 < sn->t1; k++) {
        if (!acronym_after(a, sn, k) || k == sn->t0 || !is_nameword(a, k - 1) ||
            (a->t[k - 1].flags & F_TREATY))
            continue;
        size_t j = k - 1;
        while (j > sn->t0 && k - j < MAX_NAME_TOKENS &&
               (is_nameword(a, j - 1) || (win(a, j - 1, name_links) && j >= sn->t0 + 2 &&
                                          is_nameword(a, j - 2))) &&
               !(a->t[j - 1].flags & F_POSS))
            j--;
        if (!is_nameword(a, j))
            j++;
        define_acronym(a, j, k, k + 1, -1);
    }
}

/* Does the article call acronym token i a treaty: "ACR as a (...)
 * agreement" or "ACR, the (...) deal"? */
static bool called_treaty(const article *a, size_t i, size_t end)
{
    size_t j = i + 1;
    if (!(weq(a, j, "as") || is_punct(a, j, ',')))
        return false;
    j++;
    if (!(weq(a, j, "a") || weq(a, j, "an") || weq(a, j, "the")))
        return false;
    for (size_t k = j + 1; k < end && k <= j + 4; k++) {
        if (win(a, k, treaty_nouns))
            return true;
        if (!is_lowerword(a, k) && !is_nameword(a, k))
            return false;
    }
    return false;
}

static bool acronym_is_treaty(const article *a, const char *acro)
{
    if (in_list_n(acro, strlen(acro), known_acronyms))
        return true;
    size_t n = strlen(acro);
    for (size_t i = 0; i < a->nt; i++)
        if ((a->t[i].flags & F_UPPER) && tlen(a, i) == n && memcmp(ttext(a, i), acro, n) == 0 &&
            called_treaty(a, i, a->nt))
            return true;
    return false;
}

/* Promote pending acronyms that the article treats as treaties; their
 * defining names become treaty names. */
static void promote_acronyms(article *a)
{
    for (size_t i = 0; i < a->nad && !a->oom; i++) {
        if (!acronym_is_treaty(a, a->ad[i].acro))
            continue;
        char *full = strdup(a->ad[i].full);
        if (full == NULL) {
            a->oom = true;
            return;
        }
        long tn = add_tname(a, full, false);
        if (tn >= 0 && a->tn[tn].acro == NULL) {
            a->tn[tn].acro = a->ad[i].acro;
            a->ad[i].acro = NULL;
        }
    }
}

/* The number of space-separated words in s. */
static size_t count_words(const char *s)
{
    size_t n = 0;
    for (bool in = false; *s; s++) {
        if (*s != ' ' && !in)
            n++;
        in = *s != ' ';
    }
    return n;
}

/* The i-th word of s: sets *w and returns its length. */
static size_t nth_word(const char *s, size_t i, const char **w)
{
    size_t k = 0, n;
    for (const char *b; (b = next_word(&s, &n)) != NULL;)
        if (k++ == i) {
            *w = b;
            return n;
        }
    *w = s;
    return 0;
}

static bool link_word(const char *w, size_t n)
{
    return in_list_n(w, n, treaty_links) || in_list_n(w, n, name_links) ||
           (n == 3 && strncasecmp(w, "and", 3) == 0);
}

/* Do the words of long_ from *pj on spell acronym w[0..n)?  Connectors may
 * be skipped; *pj advances past the words used. */
static bool spells(const char *long_, size_t *pj, size_t nwords, const char *w, size_t n)
{
    size_t j = *pj;
    for (size_t c = 0; c < n; c++) {
        const char *x;
        size_t xn = nth_word(long_, j, &x);
        while (j < nwords && link_word(x, xn) && (x[0] | 0x20) != (w[c] | 0x20))
            xn = nth_word(long_, ++j, &x);
        if (j >= nwords || (x[0] | 0x20) != (w[c] | 0x20))
            return false;
        /* Non-Proliferation: a hyphenated word may give two letters */
        const char *h = memchr(x, '-', xn);
        if (h && c + 1 < n && h + 1 < x + xn && (h[1] | 0x20) == (w[c + 1] | 0x20))
            c++;
        j++;
    }
    *pj = j;
    return true;
}

static bool word_is_acronym(const char *w, size_t n)
{
    if (n < 2)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(w[i] >= 'A' && w[i] <= 'Z'))
            return false;
    return true;
}

/* Is short_ long_ with acronyms expanded (New START = New Strategic Arms
 * Reduction Treaty)? */
static bool expands_to(const char *short_, const char *long_)
{
    bool any = false; /* most names hold no acronym: skip the word walk */
    for (const char *p = short_; *p && !any; p++)
        any = p[0] >= 'A' && p[0] <= 'Z' && p[1] >= 'A' && p[1] <= 'Z';
    if (!any)
        return false;
    size_t ns = count_words(short_), nl = count_words(long_), j = 0;
    bool used = false;
    for (size_t i = 0; i < ns; i++) {
        const char *w, *x;
        size_t wn = nth_word(short_, i, &w), xn = nth_word(long_, j, &x);
        if (word_is_acronym(w, wn) && !(xn == wn && strncasecmp(w, x, wn) == 0)) {
            if (!spells(long_, &j, nl, w, wn))
                return false;
            used = true;
        } else if (j < nl && xn == wn && strncasecmp(w, x, wn) == 0) {
            j++;
        } else {
            return false;
        }
    }
    return used && j == nl;
}

/* Is short_ a word-boundary prefix of long_ followed by a connector
 * (Oslo Protocol / Oslo Protocol on Forest Finance), or a suffix of two
 * words or more (Steel Quota Arrangement)? */
static bool affix_of(const char *short_, const char *long_)
{
    size_t ns = strlen(short_), nl = strlen(long_);
    if (ns >= nl)
        return false;
    if (strncasecmp(short_, long_, ns) == 0 && long_[ns] == ' ') {
        const char *w;
        size_t wn = nth_word(long_ + ns, 0, &w);
        return in_list_n(w, wn, treaty_links);
    }
    return count_words(short_) >= 2 && long_[nl - ns - 1] == ' ' &&
           strcasecmp(long_ + nl - ns, short_) == 0;
}

/* Do two names share a distinctive word (for headlines in capitals)? */
static bool share_word(const char *x, const char *y)
{
    size_t nx = count_words(x), ny = count_words(y);
    for (size_t i = 0; i < nx; i++) {
        const char *w;
        size_t wn = nth_word(x, i, &w);
        if (wn < 4 || in_list_n(w, wn, treaty_words) || in_list_n(w, wn, caps_stop) ||
            link_word(w, wn))
            continue;
        for (size_t j = 0; j < ny; j++) {
            const char *v;
            size_t vn = nth_word(y, j, &v);
            if (vn == wn && strncasecmp(v, w, wn) == 0)
                return true;
        }
    }
    return false;
}

/* One bit per distinctive word of name, as share_word counts them. */
static uint64_t distinctive_bits(const char *name)
{
    uint64_t bits = 0;
    size_t n;
    for (const char *w; (w = next_word(&name, &n)) != NULL;)
        if (n >= 4 && !in_list_n(w, n, treaty_words) && !in_list_n(w, n, caps_stop) &&
            !link_word(w, n))
            bits |= (uint64_t)1 << (hash_ci(w, n) & 63);
    return bits;
}

static bool same_treaty(const tname *x, const tname *y)
{
    if (x->gaz != 0 && x->gaz == y->gaz)
        return true;
    if (x->weak || y->weak)
        return (x->bits & y->bits) != 0 && share_word(x->name, y->name);
    if ((x->acro && strcmp(x->acro, y->name) == 0) || (y->acro && strcmp(y->acro, x->name) == 0))
        return true;
    if (x->acro && y->acro && strcmp(x->acro, y->acro) == 0)
        return true;
    return expands_to(x->name, y->name) || expands_to(y->name, x->name) ||
           affix_of(x->name, y->name) || affix_of(y->name, x->name);
}

static size_t tn_root(article *a, size_t i)
{
    while (a->tn[i].parent != i) {
        a->tn[i].parent = a->tn[a->tn[i].parent].parent;
        i = a->tn[i].parent;
    }
    return i;
}

/* Better of two names for the output: strong over weak, then more words. */
static bool better_name(const tname *x, const tname *y)
{
    if (x->weak != y->weak)
        return !x->weak;
    if (x->gaz && y->gaz) { /* the name the article writes most, over the agreement's */
        if (x->rank != y->rank)
            return x->rank < y->rank;
        if (x->uses != y->uses)
            return x->uses > y->uses;
    }
    size_t wx = count_words(x->name), wy = count_words(y->name);
    if (wx != wy)
        return wx > wy;
    return strlen(x->name) > strlen(y->name);
}

/* Group the treaty names; each group's root holds its best name. */
static void group_treaties(article *a)
{
    for (size_t i = 0; i < a->ntn; i++)
        for (size_t j = i + 1; j < a->ntn; j++) {
            size_t ri = tn_root(a, i), rj = tn_root(a, j);
            if (ri == rj || !same_treaty(&a->tn[i], &a->tn[j]))
                continue;
            if (a->tn[j].weak && !a->tn[i].weak && ri != i)
                continue;
            if (better_name(&a->tn[rj], &a->tn[ri]))
                a->tn[ri].parent = rj;
            else
                a->tn[rj].parent = ri;
        }
    for (size_t i = 0; i < a->ntn; i++) {
        size_t r = tn_root(a, i);
        if (better_name(&a->tn[i], &a->tn[r])) {
            a->tn[r].parent = i;
            a->tn[i].parent = i;
        }
    }
}

/* An acronym a treaty may be called by: one defined for it, or the
 * initials of its name from some word to the end (START for the New
 * Strategic Arms Reduction Treaty). */
enum { ACRO_KEY = 16 }; /* longest acronym, with its NUL */

typedef struct acro_entry {
    char key[ACRO_KEY];
    size_t tn;
    int defined;   /* 1 for a defined acronym, which wins over initials */
} acro_entry;

typedef struct acro_table {
    acro_entry *v;
    size_t n, cap;
} acro_table;

static void acro_add(article *a, acro_table *t, const char *key, size_t n, size_t tn, int def)
{
    if (n < 2 || n >= sizeof t->v->key || !grow(a, (void **)&t->v, &t->cap, t->n, sizeof *t->v))
        return;
    acro_entry *e = &t->v[t->n++];
    memcpy(e->key, key, n);
    e->key[n] = '\0';
    e->tn = tn;
    e->defined = def;
}

static char upper_ascii(char c)
{
    return (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
}

/* The space-separated words of a name, split once, with whether each is
 * a link word.  Names are runs of at most MAX_TREATY_TOKENS tokens; a
 * longer one would give the initials of its first MAX_NAME_WORDS words. */
enum { MAX_NAME_WORDS = 64 };
typedef struct name_words {
    const char *w[MAX_NAME_WORDS];
    size_t n[MAX_NAME_WORDS];
    bool link[MAX_NAME_WORDS];
    size_t count;
} name_words;

static void split_name(const char *name, name_words *nw)
{
    nw->count = 0;
    size_t n;
    for (const char *b; nw->count < MAX_NAME_WORDS && (b = next_word(&name, &n)) != NULL;) {
        nw->w[nw->count] = b;
        nw->n[nw->count] = n;
        nw->link[nw->count] = link_word(b, n);
        nw->count++;
    }
}

/* Initials of the words of a name from word `from` on, upper-cased into
 * out (cap bytes); the first word gives its first `lead` letters (START:
 * STrategic Arms Reduction Treaty), links ("of") count or not, and
 * hyphenated parts ("Non-Proliferation") give a letter each or not. */
static size_t initials(const name_words *nw, size_t from, size_t lead, bool links, bool hyphens,
                       char *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = from; i < nw->count && n + 1 < cap; i++) {
        const char *w = nw->w[i];
        size_t wn = nw->n[i];
        if (!links && nw->link[i])
            continue;
        if (i == from && lead > 1) {
            if (wn < lead)
                return 0;
            for (size_t k = 0; k + 1 < lead && n + 1 < cap; k++)
                out[n++] = upper_ascii(w[k]);
        }
        out[n++] = upper_ascii(w[i == from && lead > 1 ? lead - 1 : 0]);
        for (size_t k = 1; hyphens && k + 1 < wn && n + 1 < cap; k++)
            if (w[k] == '-')
                out[n++] = upper_ascii(w[k + 1]);
    }
    out[n] = '\0';
    return n;
}

static int acro_cmp(const void *x, const void *y)
{
    const acro_entry *p = x, *q = y;
    int c = strcmp(p->key, q->key);
    if (c != 0)
        return c;
    if (p->defined != q->defined)
        return q->defined - p->defined;
    return p->tn < q->tn ? -1 : p->tn > q->tn;
}

static void build_acro_table(article *a, acro_table *t)
{
    char buf[16];
    for (size_t i = 0; i < a->ntn && !a->oom; i++) {
        const tname *x = &a->tn[i];
        if (x->acro)
            acro_add(a, t, x->acro, strlen(x->acro), i, 1);
        if (x->weak)
            continue;
        name_words nw;
        split_name(x->name, &nw);
        for (size_t from = 0; from + 1 < nw.count; from++)
            for (int v = 0; v < 12; v++) {
                size_t n = initials(&nw, from, 1 + (size_t)v / 4, v & 1, v & 2, buf, sizeof buf);
                if (n >= 3) /* two letters ("PA") collide too easily */
                    acro_add(a, t, buf, n, i, 0);
            }
    }
    if (t->n > 1)
        qsort(t->v, t->n, sizeof *t->v, acro_cmp);
}

/* The treaty acronym token k stands for, or -1. */
static long acro_lookup(const article *a, const acro_table *t, size_t k)
{
    char key[ACRO_KEY];
    size_t n = tlen(a, k);
    if (n >= sizeof key)
        return -1;
    memcpy(key, ttext(a, k), n);
    key[n] = '\0';
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(t->v[mid].key, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < t->n && strcmp(t->v[lo].key, key) == 0 ? (long)t->v[lo].tn : -1;
}

/* Could token k be a treaty acronym not yet part of a treaty name: in
 * capitals, short enough for a key? */
static bool acronym_candidate(const article *a, size_t k)
{
    return (a->t[k].flags & F_UPPER) && !(a->t[k].flags & F_TREATY) && tlen(a, k) < ACRO_KEY;
}

/* Acronyms of treaties used on their own: JCPOA, or START in New START. */
static void collect_acronym_refs(article *a)
{
    /* most articles have no token an acronym could match: then the table
     * of every name's initials need not be built */
    size_t k = 0;
    while (k < a->nt && !acronym_candidate(a, k))
        k++;
    if (k == a->nt)
        return;
    acro_table t = {NULL, 0, 0};
    build_acro_table(a, &t);
    for (size_t si = 0; si < a->ns && !a->oom && t.n > 0; si++) {
        const asent *sn = &a->sn[si];
        for (size_t k = sn->t0; k < sn->t1; k++) {
            if (!acronym_candidate(a, k))
                continue;
            long tn = acro_lookup(a, &t, k);
            if (tn >= 0) {
                add_tref(a, si, k, tn);
                a->t[k].flags |= F_TREATY;
            }
        }
    }
    free(t.v);
}

/* ------------------------------------------------------- source finding */

static sres found(char *name, int kind)
{
    return (sres){name ? R_FOUND : R_NONE, name, kind};
}

static sres generic(void)
{
    return (sres){R_GENERIC, NULL, K_NONE};
}

static sres none(void)
{
    return (sres){R_NONE, NULL, K_NONE};
}

/* A copy of name s for the results; NULL for none, and for an empty name
 * (text holding a NUL byte can cut a name to nothing: no name is better
 * than ""). */
static char *dup_or_oom(article *a, const char *s)
{
    if (s == NULL || *s == '\0')
        return NULL;
    char *d = strdup(s);
    if (d == NULL)
        a->oom = true;
    return d;
}

/* A name being looked up among the mentions. */
typedef struct probe {
    const char *name;
    size_t len;
    uint64_t first, last;
    bool one;          /* a single word */
    bool org_word;     /* that word names a kind of organisation */
} probe;

/* May mention m stand for the shorter name p?  One word stands for a
 * person's full name ("Smith" for "John Smith", "Wang" for "Wang Lixin"
 * where the family name comes first) or for an organisation when it is
 * the organisation's own word ("Duma" for "State Duma"). */
static bool longer_form(const mention *m, const probe *p, bool prefix)
{
    if (m->len <= p->len || (p->one && m->kind != K_PERSON && !p->org_word))
        return false;
    if (prefix)
        return p->one && m->kind == K_PERSON && m->first == p->first &&
               m->name[p->len] == ' ' && strncasecmp(m->name, p->name, p->len) == 0;
    return m->last == p->last && m->name[m->len - p->len - 1] == ' ' &&
           strcasecmp(m->name + m->len - p->len, p->name) == 0;
}

/* Chain the mentions not yet chained by their first and last word hashes,
 * each chain from the newest mention to the oldest (mentions are added
 * sentence by sentence, so this is also latest sentence first). */
static void index_mentions(article *a)
{
    if (a->nm_indexed == 0) {
        for (size_t c = 0; c < MENTION_CHAINS; c++)
            a->head_first[c] = a->head_last[c] = -1;
    }
    for (size_t i = a->nm_indexed; i < a->nm; i++) {
        mention *m = &a->m[i];
        int32_t *head = &a->head_first[m->first % MENTION_CHAINS];
        m->next_first = *head;
        *head = (int32_t)i;
        head = &a->head_last[m->last % MENTION_CHAINS];
        m->next_last = *head;
        *head = (int32_t)i;
    }
    a->nm_indexed = a->nm;
}

/* The fullest form of name among the article's mentions: the nearest one
 * before sentence si that ends with it, else the first one after; failing
 * both, a person's name that begins with it. */
static const mention *fullest(const article *a, const char *name, size_t si)
{
    probe p = {name, strlen(name), 0, 0, count_words(name) == 1, false};
    if (p.len == 0)
        return NULL;
    edge_hashes(name, p.len, &p.first, &p.last);
    p.org_word = p.one && in_list_n(name, p.len, org_words);
    index_mentions((article *)a); /* the chains are a cache, not content */
    for (int prefix = 0; prefix < 2; prefix++) {
        const mention *after = NULL;
        int32_t i = prefix ? a->head_first[p.first % MENTION_CHAINS]
                           : a->head_last[p.last % MENTION_CHAINS];
        for (; i >= 0; i = prefix ? a->m[i].next_first : a->m[i].next_last) {
            const mention *m = &a->m[i];
            if (!longer_form(m, &p, prefix))
                continue;
            if (m->sent <= si)
                return m; /* the latest one before: the chain runs backwards */
            after = m;    /* the earliest one after, once the chain is done */
        }
        if (after)
            return after;
    }
    return NULL;
}

/* The name an acronym was defined for, or an organisation named in the
 * article whose initials spell it ("OPCW"); NULL if none. */
static const char *acronym_full(const article *a, const char *name)
{
    size_t n = strlen(name);
    if (!word_is_acronym(name, n))
        return NULL;
    for (size_t i = 0; i < a->nad; i++)
        if (a->ad[i].acro && strcmp(a->ad[i].acro, name) == 0)
            return a->ad[i].full;
    for (size_t i = 0; i < a->nm; i++) {
        size_t j = 0, nw = a->m[i].words;
        if (a->m[i].kind == K_ORG && nw >= 3 && spells(a->m[i].name, &j, nw, name, n) &&
            j == nw)
            return a->m[i].name;
    }
    return NULL;
}

/* [country-short] "U.S.", "US", "U.K.", "UK", "U.N.", "UN", "EU" as the full
 * name when the article spells it out somewhere ("United States"). */
static const char *short_country(const article *a, const char *name)
{
    static const char *const pairs[][2] = {
        {"U.S.", "United States"}, {"US", "United States"}, {"U.S.A.", "United States"},
        {"USA", "United States"},  {"U.K.", "United Kingdom"}, {"UK", "United Kingdom"},
        {"U.N.", "United Nations"}, {"UN", "United Nations"}, {"EU", "European Union"},
        {"E.U.", "European Union"}};
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
        if (strcmp(name, pairs[i][0]) != 0)
            continue;
        size_t n = strlen(pairs[i][1]);
        for (const char *p = a->s; (p = memchr(p, pairs[i][1][0], a->len - (size_t)(p - a->s)));
             p++)
            if ((size_t)(a->s + a->len - p) >= n && memcmp(p, pairs[i][1], n) == 0)
                return pairs[i][1];
        return NULL;
    }
    return NULL;
}

/* The entity named by tokens [i, j) as a found source, in its fullest form. */
static sres span_source(article *a, size_t i, size_t j, int kind, size_t si)
{
    if (j <= i)
        return none();
    char *name = join_tokens(a, i, j);
    if (name == NULL)
        return none();
    const char *full = acronym_full(a, name);
    if (full == NULL)
        full = short_country(a, name);
    const mention *m = fullest(a, full ? full : name, si);
    if (m != NULL || full != NULL) {
        free(name);
        return found(dup_or_oom(a, m ? m->name : full), m ? m->kind : K_ORG);
    }
    return found(name, kind);
}

static sres run_source(article *a, const arun *r, size_t si)
{
    return span_source(a, r->na, r->nb, r->kind, si);
}

/* Tokens [i, j) as written (possessives and punctuation kept), with runs
 * of whitespace as single spaces, in a new string. */
static char *raw_span(article *a, size_t i, size_t j)
{
    size_t s0 = a->t[i].s, e = a->t[j - 1].e;
    if (a->t[j - 1].flags & F_POSS) /* the 's the token leaves out */
        while (e < a->len && (a->s[e] == '\'' || a->s[e] == 's' || a->s[e] == 'S' ||
                              (unsigned char)a->s[e] >= 0x80) &&
               e - a->t[j - 1].e < 4 && !(e > a->t[j - 1].e && a->s[e - 1] == 's'))
            e++;
    char *out = malloc(e - s0 + 1);
    if (out == NULL) {
        a->oom = true;
        return NULL;
    }
    size_t u = 0;
    for (size_t k = s0; k < e; k++) {
        char c = a->s[k];
        if (c == '\n' || c == '\r' || c == '\t')
            c = ' ';
        if (c == ' ' && u > 0 && out[u - 1] == ' ')
            continue;
        out[u++] = c;
    }
    out[u] = '\0';
    return out;
}

/* [noun-phrase] The subject [b, j] as written, for a speaker the article
 * does not name ("Regional analysts", "the nationalist opposition",
 * "China's foreign ministry"). */
static sres phrase_source(article *a, size_t b, size_t j, int kind)
{
    if (j < b)
        return generic();
    char *name = raw_span(a, b, j + 1);
    return name ? found(name, kind) : none();
}

/* Is token j a noun for people or a body that can hold a stance? */
static bool people_noun(const article *a, size_t j)
{
    if (win(a, j, people_nouns) || win(a, j, role_nouns) || win(a, j, org_nouns) ||
        win(a, j, body_nouns))
        return true;
    const char *w = ttext(a, j), *h = NULL;
    static const char *const plural_people[] = {
        "ists", "ysts", "ers", "ors", "ians", "ants", "ents", "ives", "ats", "ees", "ics", NULL};
    size_t wn = tlen(a, j);
    if (weq(a, j, "reporters") || weq(a, j, "journalists"))
        return false; /* who ask, not who hold a stance */
    for (const char *const *e = plural_people; wn >= 6 && *e; e++)
        if (strncmp(w + wn - strlen(*e), *e, strlen(*e)) == 0 && is_plainword(a, j))
            return true; /* "Hydrologists", "Protesters" */
    for (const char *p = w; p < w + tlen(a, j); p++)
        if (*p == '-')
            h = p + 1; /* "vice-president", "secretary-general" */
    uint64_t bits = LEX(role_nouns) | LEX(people_nouns) | LEX(titles);
    return h != NULL && h < w + tlen(a, j) && in_lexicon(h, (size_t)(w + tlen(a, j) - h), bits);
}

static bool is_pronoun(const article *a, size_t i);

/* May [b, j] be a noun phrase naming a speaker: no pronoun, verb of
 * speech, stance or action, or "to" inside it? */
static bool phrase_ok(const article *a, size_t b, size_t j)
{
    for (size_t k = b; k < j; k++)
        if (is_pronoun(a, k) || weq(a, k, "to") || win(a, k, passive_words) ||
            weq(a, k, "had") || weq(a, k, "has") || weq(a, k, "have") ||
            (is_plainword(a, k) &&
             win_lexicon(a, k, LEX(speech_verbs) | LEX(stance_verbs) | LEX(action_verbs))))
            return false;
    return true;
}


/* Does the space-separated list of words hold w? */
static bool has_word(const char *list, const char *w, size_t n)
{
    size_t k;
    for (const char *b; (b = next_word(&list, &k)) != NULL;)
        if (k == n && strncasecmp(b, w, n) == 0)
            return true;
    return false;
}

/* "the ministry", "the spokesman": the nearest earlier organisation whose
 * name holds the noun, or person with that role; failing that, the first
 * later one (a headline or a lead may come before the name). */
static sres nominal(article *a, size_t noun, size_t si)
{
    const char *w = ttext(a, noun);
    size_t n = tlen(a, noun);
    bool org = in_list_n(w, n, org_nouns) || in_list_n(w, n, org_words);
    bool role = in_list_n(w, n, role_nouns) || in_list_n(w, n, titles);
    const mention *before = NULL, *after = NULL;
    uint64_t bit = (uint64_t)1 << (hash_ci(w, n) & 63);
    for (size_t i = 0; i < a->nm; i++) {
        const mention *m = &a->m[i];
        bool hit = (org && m->kind == K_ORG && (m->name_words & bit) && has_word(m->name, w, n)) ||
                   (role && m->kind == K_PERSON && (m->role_words & bit) &&
                    has_word(m->role, w, n));
        if (hit && m->sent <= si)
            before = m;
        else if (hit && after == NULL)
            after = m;
    }
    const mention *best = before ? before : after;
    if (best == NULL)
        return generic();
    return found(dup_or_oom(a, best->name), best->kind);
}

/* The first person named in the latest sentence before si that names
 * one, and that sentence in *at; NULL if none. */
static const mention *last_person_named(const article *a, size_t si, size_t *at)
{
    size_t lo = 0, hi = a->nm; /* mentions are in sentence order */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a->m[mid].sent < si)
            lo = mid + 1;
        else
            hi = mid;
    }
    const mention *best = NULL;
    for (size_t i = lo; i-- > 0;) {
        if (best != NULL && a->m[i].sent != best->sent)
            break;
        if (a->m[i].kind == K_PERSON)
            best = &a->m[i];
    }
    *at = best ? best->sent : 0;
    return best;
}

/* "he" or "she" (or "him", "her"): with "added" or "continued", the one
 * speaking in the last three sentences ([current-speaker]); else the last
 * person named, which is the last speaker unless a later sentence named
 * someone else. */
static sres person_pronoun(article *a, size_t si, const sstate *st)
{
    size_t at;
    /* [current-speaker] "he added" after a speaker of the last two
     * sentences is that speaker, whoever was named in between */
    bool goes_on = a->verb < a->nt && (weq(a, a->verb, "added") || weq(a, a->verb, "adds") ||
                                       weq(a, a->verb, "continued") || weq(a, a->verb, "went"));
    if (goes_on && st->speaker && si - st->speaker_sent <= 3)
        return found(dup_or_oom(a, st->speaker), K_PERSON);
    const mention *m = last_person_named(a, si, &at);
    if (m != NULL && (st->last_person == NULL || at > st->person_sent))
        return found(dup_or_oom(a, m->name), K_PERSON);
    if (st->last_person)
        return found(dup_or_oom(a, st->last_person), K_PERSON);
    return generic();
}

static sres pronoun(article *a, size_t i, size_t si, const sstate *st)
{
    if (win(a, i, pronouns_person))
        return person_pronoun(a, si, st);
    if (win(a, i, pronouns_thing) && st->last_org)
        return found(dup_or_oom(a, st->last_org), K_ORG);
    return generic();
}

static bool is_pronoun(const article *a, size_t i)
{
    return win(a, i, pronouns_person) || win(a, i, pronouns_thing) || win(a, i, pronouns_self);
}

/* Is token i a boundary of a subject scanned backwards from its verb? */
static bool subject_boundary(const article *a, size_t i)
{
    const atok *t = &a->t[i];
    if (t->flags & (F_QOPEN | F_QCLOSE))
        return true;
    if (t->p && t->p != '.' && t->p != '&' && t->p != '\'')
        return true;
    return is_plainword(a, i) && win(a, i, clause_words);
}

/* Start of the segment ending at j (inclusive) within sentence sn. */
static size_t segment_start(const article *a, const asent *sn, size_t j)
{
    size_t b = j;
    while (b > sn->t0 && !subject_boundary(a, b - 1))
        b--;
    return b;
}

/* Does segment [b, j] describe rather than name (", a researcher at X,")? */
static bool appositive_like(const article *a, size_t b, size_t j)
{
    if (is_lowerword(a, b) && !is_pronoun(a, b))
        return !win(a, b, aux_words);
    if (win(a, b, relatives))
        return true;
    if (weq(a, b, "a") || weq(a, b, "an"))
        return true;
    if ((a->t[b].flags & F_POSS) && b + 1 <= j && is_lowerword(a, b + 1))
        return true; /* "Tavrin's leader" */
    return weq(a, b, "the") && b + 1 <= j && is_lowerword(a, b + 1);
}

/* Is [b, j] a name, possibly with titles and role nouns before it
 * ("Kremlin spokesman Dmitry Peskov")?  Returns the run or NULL. */
static arun *name_segment(const article *a, const asent *sn, size_t b, size_t j)
{
    arun *r = run_at(a, sn, j);
    if (r == NULL || r->b != j + 1)
        return NULL;
    if (win(a, b, function_words) && !weq(a, b, "the"))
        return NULL;
    for (size_t i = b; i < r->a; i++)
        if (!(is_nameword(a, i) || weq(a, i, "the") || win(a, i, role_nouns) ||
              (a->t[i].flags & F_POSS)))
            return NULL;
    return r;
}

/* Accept the name run r that ends subject segment [b, j]? */
static bool run_heads_subject(const article *a, const arun *r, size_t b)
{
    size_t p = r->a;
    if (p <= b)
        return true; /* the run opens the segment, or began before it */
    if (is_title(a, b) && r->kind == K_PERSON && r->nb - r->na >= 2)
        return true; /* "Chairman of the Committee on X Leonid Slutsky" */
    if (weq(a, p - 1, "the") || weq(a, p - 1, "a") || weq(a, p - 1, "an")) {
        if (p - 1 == b)
            return true;
        p--;
    }
    size_t q = p - 1;
    if (win(a, q, org_preps))
        return q > b && (win(a, q - 1, role_nouns) || win(a, q - 1, doc_nouns) ||
                         (is_plainword(a, q - 1) && ttext(a, q - 1)[tlen(a, q - 1) - 1] == 's' &&
                          !win(a, q - 1, aux_words)));
    if (is_lowerword(a, q))
        return !win(a, q, function_words) && !win(a, q, speech_verbs);
    return true;
}

/* The head of a name followed by prepositional phrases: "Prof. Liu
 * Jianguo" in "Prof. Liu Jianguo of the Institute ... in Shanghai". */
static arun *head_run(const article *a, const asent *sn, arun *r, size_t b)
{
    for (;;) {
        if (r->kind == K_PERSON && r->nb - r->na >= 2)
            return r; /* "Chairman of the Committee on X Leonid Slutsky" */
        size_t h = r->a;
        if (h > b && weq(a, h - 1, "the"))
            h--;
        if (h < b + 2 || !win(a, h - 1, prepositions))
            return r;
        arun *o = run_at(a, sn, h - 2);
        if (o == NULL || o->b != h - 1 || o->a < b)
            return r;
        r = o;
    }
}

/* "the Indian government", "a Bundesbank spokesman": a capitalised run
 * ending at p, a lower-case modifier or none, then noun j. */
static arun *run_before_noun(const article *a, const asent *sn, size_t b, size_t j)
{
    size_t p = j;
    if (p > b && is_lowerword(a, p - 1) && !win(a, p - 1, function_words) &&
        !win(a, p - 1, prepositions))
        p--;
    arun *o = p > b ? run_at(a, sn, p - 1) : NULL;
    return o != NULL && o->b == p && o->a >= b ? o : NULL;
}

/* The speaker named by a subject segment [b, j] ending in a lower-case
 * noun: a body ("the Indian government"), an organisation's spokesman
 * or statement, or "the ministry" and "the spokesman" named before. */
static sres noun_source(article *a, const asent *sn, size_t si, size_t b, size_t j,
                        const sstate *st)
{
    bool the = weq(a, b, "the") || weq(a, b, "this") || weq(a, b, "that");
    bool plain = true; /* "the minister", "the senior diplomat": no name in between */
    for (size_t k = b + 1; k < j; k++)
        plain &= is_lowerword(a, k);
    if (the && plain && j - b <= 3 && win(a, j, back_nouns)) {
        sres n = nominal(a, j, si);
        if (n.r == R_FOUND)
            return n;
        if (st->last_person && st->spoke) /* [current-speaker] "the diplomat stressed" */
            return found(dup_or_oom(a, st->last_person), K_PERSON);
    }
    arun *o = run_before_noun(a, sn, b, j);
    if (o != NULL && !(a->t[o->b - 1].flags & F_POSS) && run_heads_subject(a, o, b)) {
        if (win(a, j, body_nouns))
            return span_source(a, o->a, j + 1, K_ORG, si);
        if (win(a, j, role_nouns) && phrase_ok(a, b, j))
            return phrase_source(a, b, j, K_PERSON); /* [title-kept] "the Georgian president" */
        if (win(a, j, role_nouns) || win(a, j, doc_nouns))
            return span_source(a, o->a, o->b, K_ORG, si);
    }
    if (j > b && (win(a, j, org_nouns) || win(a, j, role_nouns)) && the && j - b <= 3) {
        sres n = nominal(a, j, si);
        if (n.r == R_FOUND)
            return n;
    }
    if (people_noun(a, j) && !win(a, b, relatives) && j - b <= 6 && phrase_ok(a, b, j))
        return phrase_source(a, b, j, win(a, j, role_nouns) ? K_PERSON : K_ORG);
    if (a->speech && the && j == b + 1 && !win(a, j, doc_nouns) && !win(a, j, treaty_nouns) &&
        ttext(a, j)[tlen(a, j) - 1] != 's')
        return phrase_source(a, b, j, K_PERSON); /* "The taoiseach said" */
    return generic();
}

/* The speaker named by the subject segment [b, j]. */
static sres segment_source(article *a, const asent *sn, size_t si, size_t b, size_t j,
                           const sstate *st)
{
    if (is_pronoun(a, j))
        return pronoun(a, j, si, st);
    /* [noun-phrase] "Environmental groups in Canada", "Voters on both sides
     * of the border", "The U.S. secretary of state": a group or role with
     * a phrase after it */
    for (size_t p = b + 1; p < j && p < b + 6; p++)
        if (is_lowerword(a, p) && win(a, p, prepositions)) {
            if (is_plainword(a, p - 1) && people_noun(a, p - 1) && phrase_ok(a, b, j) &&
                !is_pronoun(a, b) && j - b <= 8)
                return phrase_source(a, b, j, win(a, p - 1, role_nouns) ? K_PERSON : K_ORG);
            break;
        }
    arun *r = run_at(a, sn, j);
    if (r != NULL && r->b == j + 1) {
        r = head_run(a, sn, r, b);
        if (!run_heads_subject(a, r, b))
            return generic();
        if (r->nb > r->na)
            return run_source(a, r, si);
        return nominal(a, r->b - 1, si);
    }
    if (!is_plainword(a, j))
        return generic();
    return noun_source(a, sn, si, b, j, st);
}

/* Skip back from verb v over auxiliaries and adverbs; returns the index
 * before the verb phrase, or (size_t)-1 when a passive rules it out. */
static size_t skip_aux(const article *a, const asent *sn, size_t v, bool *passive)
{
    size_t j = v;
    *passive = false;
    while (j > sn->t0) {
        size_t p = j - 1;
        if (win(a, p, passive_words)) {
            *passive = true;
            return p;
        }
        if (win(a, p, aux_words) && is_lowerword(a, p)) {
            j = p;
        } else if (win(a, p, weekdays) && p > sn->t0 && weq(a, p - 1, "on")) {
            j = p - 1;
        } else if (win(a, p, time_nouns) && p > sn->t0 &&
                   (weq(a, p - 1, "last") || weq(a, p - 1, "this") || weq(a, p - 1, "next"))) {
            j = p - 1;
        } else if (is_punct(a, p, ',') && p >= sn->t0 + 3 && win(a, p - 1, aux_words) &&
                   is_punct(a, p - 2, ',')) {
            j = p - 2; /* "The French government, meanwhile, repeated" */
        } else {
            break;
        }
    }
    return j;
}

/* Start of the stretch ending at j that no comma, colon, semicolon,
 * bracket or dash interrupts (quotation marks may). */
static size_t comma_segment_start(const article *a, const asent *sn, size_t j)
{
    size_t b = j;
    while (b > sn->t0) {
        char p = a->t[b - 1].p;
        if (p == ',' || p == ';' || p == ':' || p == '(' || p == ')' || p == '-')
            break;
        b--;
    }
    return b;
}

/* A name closing the comma-ended stretch before token c (a comma), either
 * directly ("Tavrin's leader, Pavel Dunai, told") or before an appositive
 * ("Lena Fisher, a regional security analyst at ..., said"). */
static arun *name_before_comma(const article *a, const asent *sn, size_t c)
{
    if (c < sn->t0 + 1)
        return NULL;
    size_t j = c - 1, b = segment_start(a, sn, j);
    arun *r = name_segment(a, sn, b, j);
    if (r != NULL)
        return r;
    b = comma_segment_start(a, sn, j);
    if (!appositive_like(a, b, j) || b < sn->t0 + 2 || !is_punct(a, b - 1, ','))
        return NULL;
    size_t pj = b - 2;
    return name_segment(a, sn, segment_start(a, sn, pj), pj);
}

/* The start of list item run o, with a "the" before it. */
static size_t item_start(const article *a, const asent *sn, const arun *o)
{
    return o->a > sn->t0 && weq(a, o->a - 1, "the") ? o->a - 1 : o->a;
}

/* [list] A subject that lists names, "France, Germany and Sweden" or
 * "Israel, the United Arab Emirates and Bahrain", ending at name run end
 * j: every member, joined as written.  Without "and" only at the start of
 * a sentence ("Velmora, Tarsia sign ..."). */
static sres list_subject(article *a, const asent *sn, size_t j)
{
    arun *r = run_at(a, sn, j);
    if (r == NULL || r->b != j + 1 || r->nb <= r->na)
        return none();
    size_t start = item_start(a, sn, r), items = 1;
    bool joined = false;
    while (start > sn->t0 + 1 && items < 8) {
        size_t q = start - 1;
        bool and = weq(a, q, "and");
        if (and && is_punct(a, q - 1, ','))
            q--;
        else if (!and && !is_punct(a, q, ','))
            break;
        arun *o = q > sn->t0 ? run_at(a, sn, q - 1) : NULL;
        if (o == NULL || o->b != q || o->nb <= o->na)
            break;
        size_t os = item_start(a, sn, o);
        if (os > sn->t0 && (win(a, os - 1, prepositions) || is_lowerword(a, os - 1)) &&
            !weq(a, os - 1, "and")) {
            /* "the foreign ministers of Ostrelia and Marvan"; but "talks in
             * Paris, Berlin and Rome" names no speaker */
            size_t h = os - 1;
            if (!weq(a, h, "of") || h == sn->t0 || !is_plainword(a, h - 1) ||
                !people_noun(a, h - 1) || !(joined || and))
                return none();
            size_t b0 = segment_start(a, sn, h - 1);
            return phrase_ok(a, b0, h - 1) ? phrase_source(a, b0, j, K_ORG) : none();
        }
        start = os;
        joined |= and;
        items++;
    }
    if (items < 2 || (!joined && start != sn->t0))
        return none();
    if (start > sn->t0 && !subject_boundary(a, start - 1))
        return none();
    return phrase_source(a, start, j, K_ORG);
}

/* [noun-phrase] "Two European grinders, speaking on condition of
 * anonymity, said", "More than 60 U.S. mayors, including those of ...,
 * said": a plural group opening the sentence before the comma c that
 * closes an aside before the verb. */
static sres group_before_comma(article *a, size_t si, size_t c, const sstate *st)
{
    const asent *sn = &a->sn[si];
    size_t c1 = sn->t0;
    while (c1 < c && !is_punct(a, c1, ','))
        c1++;
    if (c1 == c || c1 == sn->t0 || c1 - sn->t0 > 9)
        return none();
    size_t j = c1 - 1, n = c1 + 1;
    if (is_plainword(a, j) && win(a, j, people_nouns) && phrase_ok(a, sn->t0, j))
        return phrase_source(a, sn->t0, j, K_ORG);
    /* "The prime minister, speaking to ..., said", "X of the Y Party, who
     * abstained, said": an aside that opens with a relative or a participle */
    const char *w = ttext(a, n);
    size_t wn = tlen(a, n);
    bool aside = win(a, n, relatives) || weq(a, n, "while") ||
                 (is_lowerword(a, n) && wn > 4 &&
                  (strncmp(w + wn - 3, "ing", 3) == 0 || strncmp(w + wn - 2, "ed", 2) == 0));
    if (!aside)
        return none();
    arun *r = run_at(a, sn, sn->t0);
    if (r != NULL && r->a == sn->t0 && r->kind == K_PERSON && r->nb > r->na && r->b <= j + 1)
        return run_source(a, r, si);
    return segment_source(a, sn, si, sn->t0, j, st);
}

/* Source of speech verb v whose subject precedes it. */
static sres subject_before(article *a, size_t si, size_t v, const sstate *st)
{
    const asent *sn = &a->sn[si];
    bool passive;
    size_t j = skip_aux(a, sn, v, &passive);
    if (passive || (j > sn->t0 && weq(a, j - 1, "to")))
        return generic();
    if (j > sn->t0 && is_punct(a, j - 1, ',')) {
        sres g = group_before_comma(a, si, j - 1, st);
        if (g.r == R_FOUND)
            return g;
        arun *r = name_before_comma(a, sn, j - 1);
        if (r != NULL && r->nb > r->na)
            return run_source(a, r, si);
    }
    if (j == sn->t0 || subject_boundary(a, j - 1)) {
        if (j > sn->t0 && win(a, j - 1, clause_words) && is_lowerword(a, j - 1))
            return generic();
        return none();
    }
    j--;
    if (win(a, v, strict_verbs) && !is_nameword(a, j) && !is_pronoun(a, j))
        return generic();
    sres l = list_subject(a, sn, j);
    if (l.r == R_FOUND)
        return l;
    return segment_source(a, sn, si, segment_start(a, sn, j), j, st);
}

/* Source of a verb with nothing before it: "..., said X, a ...". */
static sres subject_after(article *a, size_t si, size_t v)
{
    const asent *sn = &a->sn[si];
    size_t k = v + 1;
    if (k >= sn->t1 || is_pronoun(a, k)) /* "said it would": a pronoun begins the clause */
        return none();
    if (weq(a, k, "the") || weq(a, k, "a") || weq(a, k, "an")) {
        size_t j = k + 1;
        while (j < sn->t1 && j < k + 4 && is_lowerword(a, j) && !win(a, j, org_nouns) &&
               !win(a, j, role_nouns))
            j++;
        if (j < sn->t1 && is_lowerword(a, j) && win(a, j + 1, org_preps)) {
            size_t o = j + 2 + (weq(a, j + 2, "the") ? 1 : 0);
            arun *r = run_at(a, sn, o);
            if (r != NULL && r->a == o && r->nb > r->na && r->kind == K_ORG)
                return run_source(a, r, si); /* "said a spokesman for Libertas" */
        }
        if (j < sn->t1 && is_lowerword(a, j)) {
            sres n = weq(a, k, "the") ? nominal(a, j, si) : generic();
            if (n.r == R_FOUND || !people_noun(a, j))
                return n;
            return phrase_source(a, k, j, win(a, j, role_nouns) ? K_PERSON : K_ORG);
        }
        k = j;
    }
    if (k >= sn->t1 || !is_nameword(a, k))
        return none();
    arun *r = run_at(a, sn, k);
    if (r == NULL)
        return none();
    if (r->nb > r->na)
        return run_source(a, r, si);
    return nominal(a, r->b - 1, si);
}

static bool is_speech_verb(const article *a, size_t i)
{
    if (!is_lowerword(a, i) || (a->t[i].flags & F_INQ) || !win(a, i, speech_verbs))
        return false;
    return !(weq(a, i, "reported") && weq(a, i + 1, "from")); /* a reporter's credit */
}

/* [chain] "Interfax quoted Kremlin spokesman Dmitry Peskov as saying",
 * "his office quoted him as saying", "Peskov was quoted as saying": the one
 * quoted, not the one quoting. */
static sres chain_source(article *a, size_t si, size_t v, const sstate *st)
{
    const asent *sn = &a->sn[si];
    if (v >= sn->t0 + 2 && win(a, v - 1, passive_words)) {
        size_t j = v - 2;
        if (subject_boundary(a, j))
            return none();
        return segment_source(a, sn, si, segment_start(a, sn, j), j, st);
    }
    for (size_t k = v + 2; k + 1 < sn->t1 && k < v + 16; k++) {
        if (!weq(a, k, "as"))
            continue;
        if (!is_lowerword(a, k + 1) ||
            strncmp(ttext(a, k + 1) + tlen(a, k + 1) - 3, "ing", 3) != 0)
            return none(); /* "as saying", "as telling", "as warning" */
        size_t y = k - 1;
        if (weq(a, y, "him") || weq(a, y, "her"))
            return person_pronoun(a, si, st);
        arun *r = run_at(a, sn, y);
        if (r != NULL && r->b == y + 1 && r->nb > r->na)
            return run_source(a, r, si);
        if (is_plainword(a, y) && people_noun(a, y))
            return phrase_source(a, segment_start(a, sn, y), y, K_PERSON);
        return none();
    }
    return none();
}

/* Is token i a verb of the lexicon lists in bits, outside quotations?  Not
 * after a determiner ("the left") nor before an auxiliary ("protests
 * were"): a noun there. */
static bool is_verb_of(const article *a, size_t i, uint64_t bits)
{
    if (!is_lowerword(a, i) || (a->t[i].flags & F_INQ) || !win_lexicon(a, i, bits))
        return false;
    if (i > 0 && (win(a, i - 1, definites) || weq(a, i - 1, "a") || weq(a, i - 1, "an")))
        return false;
    return !(i + 1 < a->nt && (win(a, i + 1, passive_words) || weq(a, i + 1, "have") ||
                               weq(a, i + 1, "had")));
}

/* Is sentence sn a question (its last mark, before closing quotes, "?")? */
static bool is_question(const article *a, const asent *sn)
{
    size_t e = sn->t1;
    while (e > sn->t0 && (a->t[e - 1].flags & F_QCLOSE))
        e--;
    return e > sn->t0 && a->t[e - 1].p == '?';
}

/* Is the verb at v in a clause of its own ("because Russia refused",
 * "after the two states signed"): is its subject's segment opened by a
 * lower-case word? */
static bool in_subclause(const article *a, const asent *sn, size_t v)
{
    bool passive;
    size_t j = skip_aux(a, sn, v, &passive), b = j > sn->t0 ? segment_start(a, sn, j - 1) : j;
    if (b >= sn->t0 + 2 && weq(a, b - 1, "and") && run_at(a, sn, b - 2) != NULL)
        return false; /* "France and Germany signed": a list */
    return b > sn->t0 && is_plainword(a, b - 1) && !win(a, b - 1, prepositions);
}

/* May stance verb v count: not in a question or a clause of its own, and
 * a base form ("recognise", doubling as a noun: "military support") only
 * after an auxiliary, "not" or a pronoun ("NATO does not recognise",
 * "we welcome"). */
static bool stance_verb_ok(const article *a, const asent *sn, size_t v)
{
    if (is_question(a, sn) || in_subclause(a, sn, v))
        return false;
    const char *w = ttext(a, v);
    size_t n = tlen(a, v);
    bool inflected = w[n - 1] == 's' || (n > 2 && w[n - 2] == 'e' && w[n - 1] == 'd') ||
                     (n > 3 && strncmp(w + n - 3, "ght", 3) == 0);
    if (inflected)
        return true;
    return v > sn->t0 && (win(a, v - 1, aux_words) || is_pronoun(a, v - 1) ||
                          win(a, v - 1, people_nouns) ||
                          (is_plainword(a, v - 1) && people_noun(a, v - 1)));
}

/* The first speech verb of the sentence with a named subject, or a verb
 * of stance with one before it ([stance-verb]). */
static sres verb_source(article *a, size_t si, const sstate *st)
{
    const asent *sn = &a->sn[si];
    const uint64_t verbs = LEX(chain_verbs) | LEX(speech_verbs) | LEX(stance_verbs);
    for (size_t v = sn->t0; v < sn->t1 && !a->oom; v++) {
        if (!(a->t[v].flags & F_LOWER) || !win_lexicon(a, v, verbs))
            continue; /* most words are no verb of ours: one lookup says so */
        sres r = none();
        if (is_verb_of(a, v, LEX(chain_verbs)))
            r = chain_source(a, si, v, st);
        if (r.r == R_FOUND)
            return r;
        a->verb = v;
        if (is_speech_verb(a, v)) {
            a->speech = true;
            r = subject_before(a, si, v, st);
            a->speech = false;
            if (r.r == R_NONE)
                r = subject_after(a, si, v);
        } else if (is_verb_of(a, v, LEX(stance_verbs)) && stance_verb_ok(a, sn, v)) {
            r = subject_before(a, si, v, st);
        }
        a->verb = (size_t)-1;
        if (r.r == R_FOUND)
            return r;
    }
    return none();
}

/* [action] The subject of a verb of stance shown by an action ("The
 * United States withdrew from the agreement", "Greece expelled ..."). */
static sres action_source(article *a, size_t si, const sstate *st)
{
    const asent *sn = &a->sn[si];
    for (size_t v = sn->t0; v < sn->t1 && !a->oom; v++) {
        if (!(a->t[v].flags & F_LOWER) || !win(a, v, action_verbs) ||
            !is_verb_of(a, v, LEX(action_verbs)))
            continue;
        if (in_subclause(a, sn, v) || is_question(a, sn))
            return none(); /* "after the two states signed": a clause */
        sres r = subject_before(a, si, v, st);
        if (r.r == R_FOUND)
            return r;
        return none(); /* only the first action verb: later ones are in clauses */
    }
    return none();
}

/* "according to X". */
static sres according_source(article *a, size_t si, const sstate *st)
{
    const asent *sn = &a->sn[si];
    for (size_t i = sn->t0; i + 2 < sn->t1; i++) {
        if (!weq(a, i, "according") || !weq(a, i + 1, "to") || (a->t[i].flags & F_INQ))
            continue;
        size_t k = i + 2;
        if (weq(a, k, "her") || weq(a, k, "him"))
            return person_pronoun(a, si, st);
        if (is_pronoun(a, k))
            return pronoun(a, k, si, st);
        if (weq(a, k, "the"))
            k++;
        if (k >= sn->t1)
            return none();
        if (is_lowerword(a, k)) {
            size_t j = k;
            while (j + 1 < sn->t1 && j < k + 3 && is_lowerword(a, j) && !people_noun(a, j))
                j++;
            if (!people_noun(a, j))
                return generic();
            sres n = nominal(a, j, si);
            if (n.r == R_FOUND)
                return n;
            if (win(a, j, role_nouns) && st->last_person && st->spoke)
                return found(dup_or_oom(a, st->last_person), K_PERSON);
            return phrase_source(a, k, j, K_ORG);
        }
        arun *r = run_at(a, sn, k);
        if (r != NULL && r->b < sn->t1 && win(a, r->b, data_nouns))
            return none(); /* "according to U.N. data" */
        if (r != NULL && r->nb > r->na)
            return run_source(a, r, si);
        return none();
    }
    return none();
}

/* "X: “...”", and in headlines "Spokesman: ..." when X is a person. */
static sres colon_source(article *a, size_t si, const sstate *st)
{
    const asent *sn = &a->sn[si];
    size_t c = sn->t0;
    while (c < sn->t1 && !(is_punct(a, c, ':') && !(a->t[c].flags & F_INQ)))
        c++;
    if (c >= sn->t1 || c == sn->t0 || win(a, sn->t0, colon_labels))
        return none();
    bool quote = c + 1 < sn->t1 && (a->t[c + 1].flags & F_QOPEN);
    size_t j = c - 1, b = segment_start(a, sn, j);
    arun *r = name_segment(a, sn, b, j);
    if (quote) {
        if (r != NULL && r->nb > r->na)
            return run_source(a, r, si);
        if (is_pronoun(a, j))
            return pronoun(a, j, si, st);
        /* "Achterberg put it best: “...”": the name opening the sentence */
        size_t s0 = sn->t0 + (weq(a, sn->t0, "the") ? 1 : 0);
        arun *first = run_at(a, sn, s0);
        if (first != NULL && first->a == s0 && first->nb > first->na)
            return run_source(a, first, si);
        if (weq(a, sn->t0, "the") && s0 < c && is_lowerword(a, s0))
            return nominal(a, s0, si);
        return none();
    }
    if (c - sn->t0 > 5 || b != sn->t0)
        return none();
    if (r != NULL && r->nb > r->na && r->kind == K_PERSON)
        return run_source(a, r, si);
    if (c == sn->t0 + 1 && (a->t[sn->t0].flags & F_CAP) && win(a, sn->t0, titles)) {
        sres n = nominal(a, sn->t0, si);
        if (n.r == R_FOUND && n.kind == K_PERSON)
            return n;
        free(n.name);
    }
    return none();
}

/* [dash-credit] A headline that names its speaker after a dash at the
 * end: "... lack of will to settle conflict — Zakharova". */
static sres dash_source(article *a, size_t si)
{
    const asent *sn = &a->sn[si];
    if (sn->t1 - sn->t0 < 5)
        return none();
    for (size_t k = sn->t1 - 1; k + 4 > sn->t1 && k > sn->t0 + 2; k--) {
        if (!is_punct(a, k, '-'))
            continue;
        arun *r = run_at(a, sn, k + 1);
        if (r != NULL && r->a == k + 1 && r->b == sn->t1 && r->nb > r->na &&
            (r->kind == K_PERSON || r->b - r->a == 1))
            return run_source(a, r, si);
        return none();
    }
    return none();
}

/* The sentence's own source, ignoring quotations it continues. */
static sres sentence_source(article *a, size_t si, const sstate *st)
{
    a->by_action = false;
    sres d = dash_source(a, si);
    if (d.r == R_FOUND)
        return d;
    if (a->sn[si].shout)
        return none();
    sres r = colon_source(a, si, st);
    if (r.r == R_FOUND)
        return r;
    r = verb_source(a, si, st);
    if (r.r == R_FOUND)
        return r;
    r = according_source(a, si, st);
    if (r.r == R_FOUND)
        return r;
    r = action_source(a, si, st);
    a->by_action = r.r == R_FOUND;
    return r;
}

enum { TURN_NONE, TURN_Q, TURN_A, TURN_NAMED };

/* [turn] A transcript's speaker label opening sentence si: "Q:" and
 * "QUESTION:" (a question), "A:" (the answer), or a name in capitals
 * opening a paragraph ("MR MILLER:"), whose run goes to *who. */
static int turn_label(const article *a, size_t si, arun **who)
{
    const asent *sn = &a->sn[si];
    *who = NULL;
    size_t c = sn->t0;
    while (c < sn->t1 && c < sn->t0 + 5 && !is_punct(a, c, ':'))
        c++;
    if (c + 1 >= sn->t1 || !is_punct(a, c, ':') || c == sn->t0)
        return TURN_NONE;
    if (c == sn->t0 + 1 && (a->t[sn->t0].flags & (F_UPPER | F_CAP))) {
        if (win(a, sn->t0, question_labels))
            return TURN_Q;
        if (win(a, sn->t0, answer_labels))
            return TURN_A;
    }
    if (!sn->para && c - sn->t0 < 2)
        return TURN_NONE; /* inside a paragraph only a full name: "... water? ANNA WELLS:" */
    for (size_t k = sn->t0; k < c; k++)
        if ((!(a->t[k].flags & F_UPPER) && !is_punct(a, k, '.')) || win(a, k, colon_labels))
            return TURN_NONE;
    arun *r = run_at(a, sn, c - 1);
    if (r == NULL || r->a != sn->t0 || r->nb <= r->na || (r->kind != K_PERSON && c - sn->t0 < 2))
        return TURN_NONE; /* "ANNA WELLS" reads as an acronym's organisation: a name still */
    *who = r;
    return TURN_NAMED;
}

/* Does a word of tokens [i, j) begin with "spokes" (spokesperson,
 * spokesman, spokeswoman)? */
static bool spokes_in(const article *a, size_t i, size_t j)
{
    for (size_t k = i; k < j; k++)
        if (tlen(a, k) > 6 && strncasecmp(ttext(a, k), "spokes", 6) == 0)
            return true;
    return false;
}

/* Who answers the "A:" turns of a transcript: the person a question
 * addresses ("Q: Mrs. Brandt, is ..."), else the spokesperson the article
 * names (in a headline too), else the person named most often.  A new
 * string, or NULL. */
static char *answerer(article *a)
{
    for (size_t si = 0; si < a->ns && !a->oom; si++) {
        arun *who;
        const asent *sn = &a->sn[si];
        if (turn_label(a, si, &who) != TURN_Q)
            continue;
        arun *r = run_at(a, sn, sn->t0 + 2);
        if (r != NULL && r->a == sn->t0 + 2 && r->kind == K_PERSON && r->nb > r->na &&
            is_punct(a, r->b, ','))
            return run_source(a, r, si).name;
    }
    for (size_t si = 0; si < a->ns; si++)
        for (size_t k = a->sn[si].r0; k < a->sn[si].r1; k++) {
            const arun *r = &a->r[k];
            if (r->kind == K_PERSON && r->nb > r->na &&
                spokes_in(a, r->a > a->sn[si].t0 ? r->a - 1 : r->a, r->na))
                return run_source(a, r, si).name;
        }
    size_t best = 0, bn = 0;
    for (size_t i = 0; i < a->nm; i++) {
        if (a->m[i].kind != K_PERSON)
            continue;
        size_t n = 0;
        for (size_t j = 0; j < a->nm; j++)
            n += a->m[j].kind == K_PERSON && a->m[j].last == a->m[i].last;
        if (n > bn || (n == bn && a->m[i].words > a->m[best].words))
            best = i, bn = n;
    }
    return bn ? dup_or_oom(a, a->m[best].name) : NULL;
}

/* Find each sentence's own source, updating the pronoun antecedents; in a
 * transcript's answer turns the one who answers speaks every sentence. */
static void own_sources(article *a, char **own)
{
    sstate st = {NULL, 0, NULL, false, NULL, 0};
    int turn = TURN_NONE;
    char *turn_who = NULL, *ans = NULL;
    bool ans_done = false;
    for (size_t i = 0; i < a->ns && !a->oom; i++) {
        arun *who;
        int k = turn_label(a, i, &who);
        if (k != TURN_NONE) {
            turn = k;
            free(turn_who);
            turn_who = NULL;
            if (k == TURN_NAMED) {
                turn_who = run_source(a, who, i).name;
            } else if (k == TURN_A) {
                if (!ans_done)
                    ans = answerer(a);
                ans_done = true;
                turn_who = dup_or_oom(a, ans);
            }
        }
        sres r = sentence_source(a, i, &st);
        if ((turn == TURN_A || turn == TURN_NAMED) && turn_who != NULL) {
            free(r.name);
            r = found(dup_or_oom(a, turn_who), K_PERSON);
        }
        own[i] = r.r == R_FOUND ? r.name : NULL;
        if (own[i] && r.kind == K_PERSON) {
            st.last_person = own[i];
            st.person_sent = i;
            st.spoke = true;
            if (!a->by_action) {
                st.speaker = own[i];
                st.speaker_sent = i;
            }
        } else if (own[i]) {
            st.last_org = own[i];
        }
    }
    free(turn_who);
    free(ans);
}

/* Give every sentence of a quotation the speaker found in any of them, and
 * a quotation standing alone the speaker of the quotation before it. */
static void spread_quotes(const article *a, const char **src)
{
    for (size_t i = 0; i < a->ns;) {
        size_t j = i;
        while (j + 1 < a->ns && a->sn[j].q_end && a->sn[j + 1].q_start)
            j++;
        const char *who = NULL;
        for (size_t k = i; k <= j && who == NULL; k++)
            who = src[k];
        const asent *sn = &a->sn[i];
        bool opens = sn->t1 > sn->t0 && (a->t[sn->t0].flags & F_QOPEN);
        if (who == NULL && opens && i > 0 &&
            (a->sn[i - 1].has_quote ||
             (a->sn[i - 1].t1 > a->sn[i - 1].t0 && is_punct(a, a->sn[i - 1].t1 - 1, ':'))))
            who = src[i - 1]; /* [quote-after-colon] "Guo said:" then the quotation */
        if (j > i || (src[i] == NULL && opens))
            for (size_t k = i; k <= j; k++)
                src[k] = who;
        i = j + 1;
    }
}

/* ------------------------------------------------------- target finding */

/* Is treaty noun i a reference back to a treaty already named? */
static bool refers_back(const article *a, const asent *sn, size_t i)
{
    bool plural = win(a, i, treaty_plurals);
    if (weq(a, i, "deal") && i + 1 < sn->t1 && weq(a, i + 1, "with"))
        return false;
    size_t j = i;
    for (size_t steps = 0; j > sn->t0 && steps < 4; steps++) {
        size_t p = j - 1;
        if (win(a, p, indefinites))
            return false;
        if (steps == 0 && weq(a, i, "deal") && win(a, p, modal_words))
            return false;
        if (win(a, p, definites) || (a->t[p].flags & F_POSS))
            return true;
        if (!(a->t[p].flags & F_WORD) || win(a, p, function_words))
            break;
        j = p;
    }
    return !plural;
}

/* The first token of sentence sn referring back to a treaty ("the pact",
 * "this Treaty"), or sn->t1 if none. */
static size_t generic_ref(const article *a, const asent *sn)
{
    for (size_t i = sn->t0; i < sn->t1; i++) {
        if (a->t[i].flags & F_TREATY)
            continue;
        bool noun = (is_lowerword(a, i) && (win(a, i, treaty_nouns) || win(a, i, treaty_plurals))) ||
                    ((a->t[i].flags & F_CAP) && win(a, i, treaty_words));
        if (noun && refers_back(a, sn, i))
            return i;
    }
    return sn->t1;
}

static bool mentions_it(const article *a, const asent *sn)
{
    for (size_t i = sn->t0; i < sn->t1; i++)
        if (weq(a, i, "it") || weq(a, i, "its"))
            return true;
    return false;
}

/* What the target pass knows of the article's treaties. */
typedef struct tctx {
    size_t *refs;      /* sentences naming each group root */
    bool *ok;          /* whether each root may be a target itself */
    long main;         /* the group named in most sentences, or -1 */
} tctx;

static bool keep_caps(const article *a, size_t i)
{
    return is_nameword(a, i) && !(a->t[i].flags & (F_TREATY | F_SHOUT));
}

/* Does a word of name, other than treaty words, appear capitalised where
 * capitals mean something (a proper noun: "Louvre", "Mercosur")? */
static bool has_proper_word(const article *a, const char *name)
{
    size_t nw = count_words(name);
    for (size_t i = 0; i < nw; i++) {
        const char *w;
        size_t n = nth_word(name, i, &w);
        if (!in_list_n(w, n, treaty_words) && !in_list_n(w, n, caps_stop) &&
            wset_has(a, &a->caps, w, n))
            return true;
    }
    return false;
}

/* The words (letters or digits) of sentence sn. */
static size_t word_count(const article *a, const asent *sn)
{
    size_t n = 0;
    for (size_t i = sn->t0; i < sn->t1; i++)
        n += (a->t[i].flags & F_WORD) != 0;
    return n;
}

/* Does sentence sn end the story: a rule of marks ("___", "***") or a
 * credit ("contributed to this report", "Writing by", "reported from")? */
static bool is_signoff(const article *a, const asent *sn, size_t words)
{
    if (words == 0 && sn->t1 > sn->t0)
        return true;
    if (sn->t1 - sn->t0 > 24)
        return false; /* credits are short */
    for (size_t i = sn->t0; i + 1 < sn->t1; i++)
        if (win(a, i, signoff_words) &&
            ((weq(a, i, "contributed") && weq(a, i + 1, "to")) ||
            (weq(a, i, "reported") && weq(a, i + 1, "from")) ||
            ((weq(a, i, "writing") || weq(a, i, "editing") || weq(a, i, "reporting")) &&
             weq(a, i + 1, "by")) ||
            (weq(a, i, "responsible") && weq(a, i + 1, "for") && weq(a, i + 2, "all"))))
            return true;
    return false;
}

static bool is_item(const article *a, const asent *sn);
static bool prose_of(const article *a, const asent *sn, size_t min);

/* May the treaty under discussion carry to sentence sn, which has words
 * words: a sentence of prose or a list item, not a headline, byline or
 * caption. */
static bool carry_ok(const article *a, const asent *sn, size_t words)
{
    return words >= 5 && (prose_of(a, sn, 6) || is_item(a, sn));
}

/* Is sentence sn a list item (opening with a bullet or a dash)? */
static bool is_item(const article *a, const asent *sn)
{
    if (sn->t1 - sn->t0 < 3)
        return false;
    const unsigned char *t = (const unsigned char *)ttext(a, sn->t0);
    return a->t[sn->t0].p == '-' || a->t[sn->t0].p == '*' ||
           (tlen(a, sn->t0) == 3 && t[0] == 0xE2 && t[1] == 0x80 && t[2] == 0xA2);
}

/* Is sentence sn prose: min tokens or more ending in . ! or ? (not a
 * headline, byline or caption)? */
static bool prose_of(const article *a, const asent *sn, size_t min)
{
    size_t e = sn->t1;
    while (e > sn->t0 && (a->t[e - 1].flags & F_QCLOSE))
        e--;
    if (sn->t1 - sn->t0 < min || e == sn->t0)
        return false;
    char p = a->t[e - 1].p;
    return p == '.' || p == '!' || p == '?';
}

static bool is_prose(const article *a, const asent *sn)
{
    return prose_of(a, sn, 12);
}

/* Does the lead, the first three sentences of prose, name a treaty
 * outright? */
static bool lead_names_treaty(const article *a)
{
    size_t prose = 0;
    for (size_t i = 0; i < a->ns && prose < 3; i++) {
        if (!is_prose(a, &a->sn[i]))
            continue;
        prose++;
        for (size_t k = a->sn[i].tr0; k < a->sn[i].tr1; k++)
            if (!a->tn[a->tr[k].name].weak)
                return true;
    }
    return false;
}

/* Decide which roots may be targets.  A name seen only in a headline in
 * capitals or with a lower-case noun ("the Bender accord") stands for the
 * treaty the lead names outright; without one, it is a treaty of its own
 * if a word of it is a proper noun ("LOUVRE ACCORD" beside "at the
 * Louvre"), and otherwise ("Chip Pact") stands for the main treaty. */
static void mark_usable(article *a, tctx *c)
{
    bool strong = false;
    for (size_t i = 0; i < a->ntn; i++)
        strong |= !a->tn[tn_root(a, i)].weak;
    bool lead = strong && lead_names_treaty(a);
    if (strong && !lead) {
        free(a->caps.slot);
        wset_build(a, &a->caps, keep_caps);
    }
    for (size_t i = 0; i < a->ntn; i++)
        c->ok[i] = tn_root(a, i) == i &&
                   (!a->tn[i].weak || !strong || (!lead && has_proper_word(a, a->tn[i].name)));
}

static bool count_refs(article *a, tctx *c)
{
    c->main = -1;
    c->refs = calloc(a->ntn ? a->ntn : 1, sizeof *c->refs);
    c->ok = calloc(a->ntn ? a->ntn : 1, sizeof *c->ok);
    if (c->refs == NULL || c->ok == NULL) {
        a->oom = true;
        return false;
    }
    mark_usable(a, c);
    for (size_t i = 0; i < a->ntr; i++) {
        size_t r = tn_root(a, a->tr[i].name);
        if (!c->ok[r] || (i > 0 && a->tr[i - 1].sent == a->tr[i].sent &&
                          tn_root(a, a->tr[i - 1].name) == r))
            continue;
        c->refs[r]++;
        if (c->main < 0 || c->refs[r] > c->refs[c->main])
            c->main = (long)r;
    }
    return true;
}

/* The first usable treaty named in sentence si, or -1, with *at the
 * token where it is named (sn->t1 for none); *stand_in is set when the
 * sentence has a name standing for another treaty (a reference back). */
static long named_target(article *a, const tctx *c, size_t si, size_t *at, bool *stand_in)
{
    const asent *sn = &a->sn[si];
    *at = sn->t1;
    *stand_in = false;
    for (size_t i = sn->tr0; i < sn->tr1; i++) {
        size_t r = tn_root(a, a->tr[i].name);
        if (c->ok[r]) {
            *at = a->tr[i].pos;
            return (long)r;
        }
        *stand_in = true;
    }
    return -1;
}

/* Which treaty a reference back by noun i means (i == (size_t)-1: no
 * noun): the last one if it is called that ("the treaty" after the NPT),
 * else the article's main one. */
static long resolve_ref(const article *a, const tctx *c, size_t i, long last)
{
    if (i != (size_t)-1 && last >= 0) {
        const char *w = ttext(a, i);
        size_t n = tlen(a, i);
        if (n > 1 && (w[n - 1] == 's' || w[n - 1] == 'S') && !in_list_n(w, n, treaty_nouns))
            n--; /* "the agreements" */
        if (has_word(a->tn[last].name, w, n))
            return last;
    }
    return c->main >= 0 ? c->main : last;
}

/* Target of sentence i from what it says: a treaty named, or one referred
 * back to, whichever comes first; last is the last major target so far. */
static long sentence_target(article *a, const tctx *c, size_t i, long last)
{
    const asent *sn = &a->sn[i];
    size_t at, ref = generic_ref(a, sn);
    bool stand_in;
    long t = named_target(a, c, i, &at, &stand_in);
    if (ref < sn->t1 && (t < 0 || (ref < at && last >= 0)))
        return resolve_ref(a, c, ref, last);
    if (t < 0 && stand_in)
        return resolve_ref(a, c, (size_t)-1, last);
    return t;
}

/* Targets: named or referred back to; "it" after a sentence with a
 * target; an attributed statement, and any sentence of prose or list
 * item before the credits, continues the treaty under discussion, which
 * a transcript's question on something else ends;
 * a quotation over several sentences is about one thing.  src holds the
 * sources found.  A treaty named in one sentence only, in passing, does
 * not become the treaty under discussion. */
static void find_targets(article *a, const char **src, long *tgt)
{
    tctx c;
    if (!count_refs(a, &c))
        return;
    long last = -1, prev = -1;
    bool ended = false;
    for (size_t i = 0; i < a->ns; i++) {
        long t = sentence_target(a, &c, i, last);
        arun *who;
        if (t < 0 && turn_label(a, i, &who) == TURN_Q && !mentions_it(a, &a->sn[i]))
            last = prev = -1; /* [topic] a question about something else */
        if (t < 0 && prev >= 0 && mentions_it(a, &a->sn[i]))
            t = prev;
        if (t < 0 && src[i] != NULL)
            t = last;
        size_t words = word_count(a, &a->sn[i]);
        if (is_signoff(a, &a->sn[i], words))
            ended = true; /* credits and notes follow the story */
        if (t < 0 && !ended && carry_ok(a, &a->sn[i], words))
            t = last; /* [carry] the treaty under discussion */
        tgt[i] = t;
        prev = t;
        if (t >= 0 && (c.refs[t] >= 2 || t == c.main || last < 0))
            last = t;
    }
    free(c.refs);
    free(c.ok);
    for (size_t i = 0; i < a->ns;) {
        size_t j = i;
        while (j + 1 < a->ns && a->sn[j].q_end && a->sn[j + 1].q_start)
            j++;
        long t = -1;
        for (size_t k = i; k <= j && t < 0; k++)
            t = tgt[k];
        for (size_t k = i; k <= j; k++)
            if (tgt[k] < 0)
                tgt[k] = t;
        i = j + 1;
    }
}

/* ------------------------------------------------------------ the API */

static void article_free(article *a)
{
    for (size_t i = 0; i < a->nm; i++)
        free(a->m[i].name);
    for (size_t i = 0; i < a->ntn; i++) {
        free(a->tn[i].name);
        free(a->tn[i].acro);
    }
    for (size_t i = 0; i < a->nad; i++) {
        free(a->ad[i].acro);
        free(a->ad[i].full);
    }
    free(a->ad);
    free(a->t);
    free(a->sn);
    free(a->r);
    free(a->m);
    free(a->tn);
    free(a->tn_slot);
    free(a->tr);
    free(a->lower.slot);
    free(a->caps.slot);
}

/* Pass 1: tokens, capitalisation, names of entities and treaties. */
static void analyse(article *a, const stance_span *spans, size_t count)
{
    tokenize_article(a, spans, count);
    if (!a->oom)
        wset_build(a, &a->lower, is_lowerword);
    for (size_t i = 0; i < a->ns; i++)
        mark_initial(a, &a->sn[i]);
    if (!a->oom)
        wset_build(a, &a->caps, keep_inner_caps);
    for (size_t i = 0; i < a->ns && !a->oom; i++) {
        mark_common(a, &a->sn[i]);
        a->sn[i].shout = detect_shout(a, &a->sn[i]);
        for (size_t k = a->sn[i].t0; a->sn[i].shout && k < a->sn[i].t1; k++)
            a->t[k].flags |= F_SHOUT;
    }
    for (size_t i = 0; i < a->ns && !a->oom; i++)
        collect_treaties(a, i);
    for (size_t i = 0; i < a->ns && !a->oom; i++)
        collect_other_acronyms(a, i);
    if (!a->oom)
        promote_acronyms(a);
    if (!a->oom)
        group_treaties(a);
    if (!a->oom)
        collect_acronym_refs(a);
    for (size_t i = 0; i < a->ns && !a->oom; i++)
        collect_runs(a, i);
    if (!a->oom)
        index_trefs(a);
}

static stance_status check_args(const char *text, size_t len, const stance_span *spans,
                                size_t count, stance_attribution **out, stance_error *err)
{
    if (out == NULL || (text == NULL && len > 0) || (spans == NULL && count > 0))
        return set_error(err, STANCE_EINVAL, NULL, 0, "NULL text, spans or out");
    for (size_t i = 0; i < count; i++)
        if (spans[i].start > spans[i].end || spans[i].end > len)
            return set_error(err, STANCE_EINVAL, NULL, 0,
                             "span %zu [%zu, %zu) is outside the text of %zu bytes", i,
                             spans[i].start, spans[i].end, len);
    size_t bad;
    if (len > 0 && !stance_utf8_valid(text, len, &bad)) {
        set_error(err, STANCE_EUTF8, NULL, 0, "invalid UTF-8 at byte %zu", bad);
        set_error_offset(err, bad);
        return STANCE_EUTF8;
    }
    return STANCE_OK;
}

/* Fill res from the per-sentence sources and target groups. */
static void fill_results(article *a, const char **src, const long *tgt,
                         stance_attribution *res)
{
    for (size_t i = 0; i < a->ns && !a->oom; i++) {
        res[i].source = dup_or_oom(a, src[i]);
        res[i].target = tgt[i] >= 0 ? dup_or_oom(a, a->tn[tgt[i]].name) : NULL;
    }
}

stance_status stance_attribute(const char *text, size_t len, const stance_span *spans,
                               size_t count, stance_attribution **out, stance_error *err)
{
    stance_status st = check_args(text, len, spans, count, out, err);
    if (out != NULL)
        *out = NULL;
    if (st != STANCE_OK || count == 0)
        return st;
    article a = {.s = text, .len = len, .ns = count, .verb = (size_t)-1};
    char **own = calloc(count, sizeof *own);
    const char **src = calloc(count, sizeof *src);
    long *tgt = calloc(count, sizeof *tgt);
    stance_attribution *res = calloc(count, sizeof *res);
    a.sn = calloc(count, sizeof *a.sn);
    a.oom = !own || !src || !tgt || !res || !a.sn;
    if (!a.oom)
        analyse(&a, spans, count);
    if (!a.oom)
        own_sources(&a, own);
    for (size_t i = 0; i < count && !a.oom; i++)
        src[i] = own[i];
    if (!a.oom) {
        spread_quotes(&a, src);
        find_targets(&a, src, tgt);
        fill_results(&a, src, tgt, res);
    }
    for (size_t i = 0; own && i < count; i++)
        free(own[i]);
    free(own);
    free(src);
    free(tgt);
    article_free(&a);
    if (a.oom) {
        stance_attribution_free(res, res ? count : 0);
        return set_error(err, STANCE_ENOMEM, NULL, 0, "out of memory attributing sentences");
    }
    *out = res;
    return STANCE_OK;
}

void stance_attribution_free(stance_attribution *a, size_t count)
{
    if (a == NULL)
        return;
    for (size_t i = 0; i < count; i++) {
        free(a[i].source);
        free(a[i].target);
    }
    free(a);
}

/* ------------------------------------------------------ name matching */

/* Normalise s[0..n) for comparison into a new string: lower case, single
 * spaces, no leading "the ".  NULL when out of memory. */
static char *normalise_name(const char *s, size_t n)
{
    size_t cap = n * 2 + 8; /* lower case may lengthen a character by half */
    char *out = malloc(cap);
    if (out == NULL)
        return NULL;
    size_t u = 0;
    bool space = false;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t k = decode_at(s, i, n, &cp);
        i += k;
        if (text_is_space(cp)) {
            space = u > 0;
            continue;
        }
        if (space)
            out[u++] = ' ';
        space = false;
        utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_tolower(cp),
                                                  (utf8proc_uint8_t *)out + u);
        u += m > 0 ? (size_t)m : 0;
        if (u + 8 > cap)
            break;
    }
    out[u] = '\0';
    if (strncmp(out, "the ", 4) == 0)
        memmove(out, out + 4, u - 3);
    return out;
}

int attrib_names_match(const char *a, size_t alen, const char *b, size_t blen)
{
    char *x = normalise_name(a, alen), *y = normalise_name(b, blen);
    int r = -1;
    if (x && y) {
        size_t nx = strlen(x), ny = strlen(y);
        const char *l = nx >= ny ? x : y, *s = nx >= ny ? y : x;
        size_t nl = nx >= ny ? nx : ny, ns = nx >= ny ? ny : nx;
        r = ns > 0 && (strcmp(l, s) == 0 ||
                       (ns < nl && l[nl - ns - 1] == ' ' && strcmp(l + nl - ns, s) == 0));
    }
    free(x);
    free(y);
    return r;
}
