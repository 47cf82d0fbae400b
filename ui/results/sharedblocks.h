#pragma once

#include <QtGlobal>

#include <array>
#include <atomic>
#include <cstddef>
#include <memory>
#include <stdexcept>
#include <utility>
#include <vector>

namespace Fanout {

// A vector of T kept in fixed blocks that copies share: a copy costs a pointer per 4,096 elements, so a background
// job takes a consistent snapshot of 1,000,000 rows on the GUI thread in microseconds instead of copying 40 MB.
// Writing to a block another copy still holds copies that block first (copy on write).
// Threads: one thread writes and makes copies; another may read (and drop) a copy it was handed.
template <typename T>
class SharedBlocks final
{
public:
    static constexpr int BlockShift = 12;
    static constexpr std::size_t BlockSize = std::size_t(1) << BlockShift;

    SharedBlocks() = default;
    SharedBlocks(const SharedBlocks &) = default;
    SharedBlocks &operator=(const SharedBlocks &) = default;
    SharedBlocks(SharedBlocks &&other) noexcept
        : m_blocks(std::move(other.m_blocks))
        , m_size(std::exchange(other.m_size, 0))
    {}
    SharedBlocks &operator=(SharedBlocks &&other) noexcept
    {
        m_blocks = std::move(other.m_blocks);
        m_size = std::exchange(other.m_size, 0);
        return *this;
    }
    ~SharedBlocks() = default;

    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }

    const T &operator[](std::size_t i) const
    {
        Q_ASSERT(i < m_size);
        return (*m_blocks[i >> BlockShift])[i & (BlockSize - 1)];
    }
    const T &at(std::size_t i) const
    {
        if (i >= m_size)
            throw std::out_of_range("SharedBlocks::at");
        return operator[](i);
    }
    // The element, to write: its block is copied first when another copy shares it.
    T &writable(std::size_t i)
    {
        Q_ASSERT(i < m_size);
        std::shared_ptr<Block> &block = m_blocks[i >> BlockShift];
        if (block.use_count() > 1)
            block = std::make_shared<Block>(*block);
        else
            std::atomic_thread_fence(std::memory_order_acquire); // pairs with the release of a reader's copy
        return (*block)[i & (BlockSize - 1)];
    }

    void assign(std::size_t n, const T &value)
    {
        m_blocks.clear();
        m_size = n;
        const std::size_t blocks = (n + BlockSize - 1) / BlockSize;
        m_blocks.reserve(blocks);
        for (std::size_t b = 0; b < blocks; ++b) {
            auto block = std::make_shared<Block>();
            block->fill(value);
            m_blocks.push_back(std::move(block));
        }
    }

private:
    using Block = std::array<T, BlockSize>;
    std::vector<std::shared_ptr<Block>> m_blocks;
    std::size_t m_size = 0;
};

} // namespace Fanout
