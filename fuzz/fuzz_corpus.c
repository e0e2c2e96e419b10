/*
 * fuzz_corpus.c: the corpus readers on arbitrary file contents.  The input
 * is written to one temporary file per process (made once with mkstemp,
 * removed at exit) and read as TSV, as fastText and with format sniffing.
 * Any status is fine; a failure must come with a filled error, a success
 * with sentences that have non-empty, valid UTF-8 labels and texts that
 * the format could have produced.  A small corpus that reads is also
 * trained on (cheap settings), and the model must load back: what the
 * readers accept as a label, the model file must be able to hold.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_check.h"
#include "model.h"
#include "stance.h"

static char path[] = "/tmp/stance-fuzz-corpus-XXXXXX";
static int fd = -1;

static void remove_temp(void)
{
    if (fd >= 0) {
        close(fd);
        unlink(path);
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fd = mkstemp(path);
    if (fd < 0) {
        perror("fuzz_corpus: mkstemp");
        abort();
    }
    atexit(remove_temp);
    return 0;
}

static void write_input(const uint8_t *data, size_t size)
{
    if (ftruncate(fd, 0) != 0) {
        perror("fuzz_corpus: ftruncate");
        abort();
    }
    size_t done = 0;
    while (done < size) {
        ssize_t n = pwrite(fd, data + done, size - done, (off_t)done);
        if (n <= 0) {
            perror("fuzz_corpus: pwrite");
            abort();
        }
        done += (size_t)n;
    }
}

static bool has_any(const char *s, const char *set)
{
    return strpbrk(s, set) != NULL;
}

static void check_corpus(const stance_corpus *c, size_t before, stance_corpus_format f)
{
    size_t n = stance_corpus_size(c);
    FUZZ_CHECK(n > before);
    for (size_t i = before; i < n; i++) {
        const char *label = stance_corpus_label(c, i), *text = stance_corpus_text(c, i);
        size_t ll = strlen(label), tl = strlen(text);
        FUZZ_CHECK(ll > 0 && tl > 0);
        FUZZ_CHECK(stance_utf8_valid(label, ll, NULL) && stance_utf8_valid(text, tl, NULL));
        FUZZ_CHECK(!has_any(label, "\t\n\r") && !has_any(text, "\n"));
        /* both readers trim spaces and tabs */
        FUZZ_CHECK(text[0] != ' ' && text[0] != '\t');
        FUZZ_CHECK(text[tl - 1] != ' ' && text[tl - 1] != '\t');
        if (f == STANCE_CORPUS_TSV) {
            FUZZ_CHECK(label[0] != ' ' && label[ll - 1] != ' ' && !has_any(text, "\t"));
        } else if (f == STANCE_CORPUS_FASTTEXT) {
            FUZZ_CHECK(!has_any(label, " "));
            FUZZ_CHECK(strncmp(text, "__label__", 9) != 0);
        }
    }
    const char **labels;
    size_t k;
    FUZZ_CHECK(stance_corpus_labels(c, &labels, &k) == STANCE_OK);
    FUZZ_CHECK(k >= 1 && k <= n);
    for (size_t i = 1; i < k; i++)
        FUZZ_CHECK(strcmp(labels[i - 1], labels[i]) < 0);
    free(labels);
}

/* Train on a small corpus and parse the serialised model back. */
static void check_train(const stance_corpus *c)
{
    size_t n = stance_corpus_size(c);
    if (n > 32)
        return;
    stance_train_options o;
    stance_train_options_init(&o);
    o.word_min = o.word_max = 1;
    o.char_min = o.char_max = 0;
    o.hash_bits = 16;
    o.probability = false;
    stance_model *m;
    stance_error err;
    if (stance_train(c, &o, &m, &err) != STANCE_OK)
        return;
    char *buf;
    size_t len;
    FUZZ_CHECK(model_serialise(m, &buf, &len) == STANCE_OK);
    stance_model *back;
    if (model_parse(buf, len, "trained", &back, &err) != STANCE_OK) {
        fprintf(stderr, "fuzz_corpus: trained model does not load: %s\n", err.message);
        abort();
    }
    FUZZ_CHECK(stance_model_label_count(back) == stance_model_label_count(m));
    stance_model_free(back);
    stance_model_free(m);
    free(buf);
}

static void read_as(stance_corpus_format f, const uint8_t *data, size_t size)
{
    stance_corpus *c;
    FUZZ_CHECK(stance_corpus_new(&c) == STANCE_OK);
    stance_error err;
    memset(&err, 0, sizeof err);
    stance_status st = stance_corpus_read(c, path, f, &err);
    if (st == STANCE_OK) {
        check_corpus(c, 0, f);
        if (f == STANCE_CORPUS_TSV || f == STANCE_CORPUS_FASTTEXT)
            check_train(c);
        /* a second read appends the same sentences again */
        size_t n = stance_corpus_size(c);
        FUZZ_CHECK(stance_corpus_read(c, path, f, NULL) == STANCE_OK);
        FUZZ_CHECK(stance_corpus_size(c) == 2 * n);
        for (size_t i = 0; i < n; i++)
            FUZZ_CHECK(strcmp(stance_corpus_text(c, i), stance_corpus_text(c, n + i)) == 0);
    } else {
        FUZZ_CHECK(err.code == st);
        FUZZ_CHECK(err.message[0] != '\0');
        FUZZ_CHECK(memchr(err.message, '\0', sizeof err.message) != NULL);
        FUZZ_CHECK(strcmp(err.file, path) == 0);
        FUZZ_CHECK(!err.has_offset || err.offset < size);
        size_t lines = 1;
        for (size_t i = 0; i < size; i++)
            lines += data[i] == '\n';
        FUZZ_CHECK(err.line <= lines);
        char buf[2048];
        stance_error_format(&err, buf, sizeof buf);
        FUZZ_CHECK(strlen(buf) < sizeof buf);
    }
    stance_corpus_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    write_input(data, size);
    read_as(STANCE_CORPUS_TSV, data, size);
    read_as(STANCE_CORPUS_FASTTEXT, data, size);
    read_as(STANCE_CORPUS_AUTO, data, size);
    return 0;
}
